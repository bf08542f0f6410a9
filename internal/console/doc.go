// Package console is cellgate's SMS command console: the way an operator
// reaches and reconfigures a router that has no data connection. It turns one
// received short message into at most one reply and, for commands that must
// run after the reply has gone out (reboot), one follow-up action.
//
// # Authentication
//
// Every message is "<password> <command>": the first space-separated word is
// the console password, compared in constant time (both sides are hashed
// with SHA-256 before crypto/subtle compares them, so not even the length
// leaks). A message without a password counts as a wrong password.
//
// The sender number is checked first, against Config.Allowed in E.164 form
// (see sms.Normalize and sms.NormalizeAddress: an alphanumeric sender id is never a
// number, even when it is made of digits). An empty list lets any sender
// try, but the password is still required. A sender that gives
// Config.MaxFailures wrong passwords in a row is locked out for
// Config.Lockout; a good password resets the count, and so does a quiet
// Lockout period after the last failure. The table of failing senders is
// bounded: when it is full the sender that failed longest ago is forgotten.
//
// Beside the per-sender budget there is a global one, so that many senders
// (spoofed numbers cost an attacker nothing) cannot share out the guesses:
// Config.GlobalFailures wrong passwords from all senders together within
// Config.GlobalWindow lock the console for Config.GlobalLockout. The
// lockout doubles each time the budget is spent again without a quiet
// GlobalWindow in between, up to Config.GlobalLockoutMax. Senders forgotten
// by the bounded table still count. The global lockout refuses every sender
// that is not on the allowlist; a sender on a non-empty allowlist is
// spared, keeping only its own per-sender budget, so that strangers can
// never lock the owner out. With an empty allowlist nobody is spared: an
// attack may then keep the owner out for up to GlobalLockoutMax at a time,
// which is one more reason to configure an allowlist.
//
// # Reply policy
//
// The console never answers a sender that is not on the allowlist, nor a
// locked-out sender, nor anyone while the console is globally locked: like most industrial routers it does not reveal that a
// SIM number belongs to a router, and an unauthenticated stranger cannot make
// it spend SMS credit. A wrong or missing password is answered only when the
// sender is on a non-empty allowlist (a known technician who mistyped); with
// an empty allowlist wrong passwords are silent too. Every request, answered
// or not, produces an AuditEntry with the password and every secret value
// redacted.
//
// # At most once
//
// The SMS service delivers at least once: a message whose delete failed, or
// was cut short by a restart (reboot, factory and set restart the router or
// its parts), is found again at the next start and handed on again. With
// Config.Journal a command runs at most once, across restarts and power
// cuts: an authenticated request is recorded in the Journal (written through
// to the disk) before its command runs, and a request found in the Journal
// is not run, not answered and audited as "already handled"; the SMS
// service then deletes it as any other. When the Journal cannot be written
// the command is not run and the reply says so. The console owns the
// Journal's contents; whoever builds the console (the daemon) chooses its
// file in the state directory.
//
// # Commands
//
// Keywords are case-insensitive and surrounding spaces are ignored:
//
//	apn=<apn>;usr=<user>;pwd=<pass>;  set any of modem.apn/user/password, then re-dial
//	status                            operator, registration, signal, IP, uptime, spool backlog
//	connect                           re-dial the data connection now
//	factory                           restore factory settings
//	reboot                            reply "rebooting", then reboot (Result.After)
//	get <key>                         one configuration value (secrets masked)
//	set <key>=<value>[;<key>=<value>] change configuration, all or nothing
//	at <command>                      one AT command, if the remote-AT policy allows it
//	help                              the command list
//
// Values are checked before they reach the Backend: control characters
// (CR, LF, NUL, ...), quotes, backslashes, non-ASCII characters and overlong
// values are refused with a reply naming the problem, so a value can never
// break out of the quoted AT parameter it ends up in. Each value is then
// checked by its key's rules (ValidateSetting: an APN by TS 23.003 9.1, a PIN
// of 4 to 8 digits, a PLMN of 5 or 6 digits, ...; package atparam holds the
// rules the configuration file follows too), and a refusal names the key and
// the problem. An AT command is one command: no ';' chaining, balanced
// quotes only.
package console
