package api

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/store"
)

// principal is who is calling: from a verified access token, never from
// what the request says of itself.
type principal struct {
	OrgID, UserID, TokenID int64
	Role                   auth.Role
	Name                   string
}

// authenticate checks the bearer token: signed by us, not expired, and its
// token (application or sign-in) not revoked, its user not disabled.
// Every failure is a 401, so that clients sign in again.
func (s *Server) authenticate(r *http.Request) (*principal, error) {
	h := r.Header.Get("Authorization")
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || raw == "" || raw == "None" {
		return nil, errUnauthorized.with("", "send Authorization: Bearer <auth_token>; get one from POST /api/v1/authenticate")
	}
	c, err := s.Signer.Verify(strings.TrimSpace(raw))
	if err != nil {
		msg := "the auth_token is not valid; sign in again"
		if errors.Is(err, auth.ErrTokenExpired) {
			msg = "the auth_token has expired; sign in again"
		}
		return nil, errUnauthorized.with("", msg)
	}
	org, err1 := strconv.ParseInt(c.OrgID, 10, 64)
	user, err2 := strconv.ParseInt(c.UserID, 10, 64)
	tok, err3 := strconv.ParseInt(c.TokenID, 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return nil, errUnauthorized.with("", "the auth_token is not valid; sign in again")
	}
	k, u, err := s.liveToken(r, tok)
	if err != nil {
		return nil, err
	}
	if k.OrgID != org || u.ID != user {
		return nil, errUnauthorized.with("", "the auth_token is not valid; sign in again")
	}
	// The role is the user's as it is now, not as it was at sign-in.
	role, err := auth.ParseRole(u.Role)
	if err != nil {
		return nil, errForbidden.with("", "the user has no valid role")
	}
	return &principal{OrgID: org, UserID: user, TokenID: tok, Role: role, Name: u.Email}, nil
}

// liveToken returns a token and its user if the token is neither
// revoked nor expired and the user is enabled.
func (s *Server) liveToken(r *http.Request, id int64) (store.Token, store.User, error) {
	ctx := r.Context()
	k, err := s.Store.Token(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return k, store.User{}, errUnauthorized.with("", "the token behind this auth_token no longer exists; sign in again")
	}
	if err != nil {
		return k, store.User{}, err
	}
	now := s.Clock.Now()
	if !k.Revoked.IsZero() {
		return k, store.User{}, errUnauthorized.with("", "the token behind this auth_token was revoked")
	}
	if !k.Expires.IsZero() && now.After(k.Expires) {
		return k, store.User{}, errUnauthorized.with("", "the token behind this auth_token has expired")
	}
	u, err := s.Store.User(ctx, k.OrgID, k.UserID)
	if err != nil {
		return k, u, errUnauthorized.with("", "the user of this token no longer exists")
	}
	if u.Disabled {
		return k, u, errUnauthorized.with("", "the user of this token is disabled")
	}
	return k, u, nil
}

// authRequest is POST /api/v1/authenticate's body: one of an application
// token, a refresh token, or an e-mail address (username) and password
// with a TOTP code when the user has MFA.
type authRequest struct {
	ApplicationToken string `json:"application_token"`
	RefreshToken     string `json:"refresh_token"`
	Username         string `json:"username"`
	Password         string `json:"password"`
	Code             string `json:"code"`
	Fingerprint      string `json:"fingerprint"`
	MFAToken         string `json:"mfa_token"`
}

type authResponse struct {
	AuthToken    string `json:"auth_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	ExpiresAt    string `json:"expires_at"`
}

func (s *Server) handleAuthenticate(w http.ResponseWriter, r *http.Request, _ *principal) {
	var req authRequest
	if err := decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	ip := "ip:" + s.clientIP(r)
	if ok, after := s.Lockout.Allowed(ip); !ok {
		s.locked(w, r, after)
		return
	}
	var (
		resp authResponse
		err  error
	)
	switch {
	case req.ApplicationToken != "":
		resp, err = s.signInToken(r, req.ApplicationToken)
	case req.RefreshToken != "":
		resp, err = s.signInRefresh(r, req.RefreshToken)
	case req.Username != "":
		key := "user:" + strings.ToLower(req.Username)
		if ok, after := s.Lockout.Allowed(key); !ok {
			s.locked(w, r, after)
			return
		}
		resp, err = s.signInPassword(r, req)
		if err != nil {
			s.Lockout.Fail(key)
		} else {
			s.Lockout.Succeed(key)
		}
	default:
		err = errInvalid.with("application_token", "send application_token, refresh_token, or username and password")
	}
	if err != nil {
		if ae := fromStore(err); ae != nil && ae.Status == http.StatusUnauthorized {
			s.Lockout.Fail(ip)
		}
		s.fail(w, r, err)
		return
	}
	s.Lockout.Succeed(ip)
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) locked(w http.ResponseWriter, r *http.Request, after time.Duration) {
	secs := max(int((after+time.Second-1)/time.Second), 1)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	s.fail(w, r, errLocked.with("", fmt.Sprintf("too many failed sign-ins; try again in %d s", secs)))
}

var errBadCredentials = errUnauthorized.with("", "the credentials are not valid")

// signInToken exchanges an application token for an access token.
func (s *Server) signInToken(r *http.Request, plain string) (authResponse, error) {
	k, err := s.Store.TokenByHash(r.Context(), auth.HashToken(plain))
	if errors.Is(err, store.ErrNotFound) {
		return authResponse{}, errUnauthorized.with("", "Invalid Application Token")
	}
	if err != nil {
		return authResponse{}, err
	}
	k, u, err := s.liveToken(r, k.ID)
	if err != nil {
		s.authFailed(r, k.OrgID, u.ID, store.EventAppAuthFailed, "application token refused: "+err.Error())
		return authResponse{}, err
	}
	_ = s.Store.TouchToken(r.Context(), k.ID, s.Clock.Now())
	return s.issue(k, u, "")
}

// signInRefresh exchanges a sign-in's refresh token for a new access token.
func (s *Server) signInRefresh(r *http.Request, raw string) (authResponse, error) {
	c, err := s.refreshSigner().Verify(raw)
	if err != nil {
		return authResponse{}, errUnauthorized.with("refresh_token", "the refresh token is not valid or has expired; sign in again")
	}
	id, err := strconv.ParseInt(c.TokenID, 10, 64)
	if err != nil {
		return authResponse{}, errBadCredentials
	}
	k, u, err := s.liveToken(r, id)
	if err != nil {
		return authResponse{}, err
	}
	return s.issue(k, u, "")
}

// signInPassword checks an e-mail address, password and TOTP code, and
// opens a sign-in: a token row that the access and refresh tokens name,
// so that revoking it ends the sign-in.
func (s *Server) signInPassword(r *http.Request, req authRequest) (authResponse, error) {
	ctx := r.Context()
	u, err := s.Store.UserByEmail(ctx, req.Username)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			// Spend the same time as a real check, so that timing does not
			// tell which addresses have accounts.
			_, _ = auth.CheckPassword(dummyHash, req.Password)
			return authResponse{}, errBadCredentials
		}
		return authResponse{}, err
	}
	if !checkPassword(u.PasswordHash, req.Password) || u.Disabled {
		s.authFailed(r, u.OrgID, u.ID, store.EventUserAuthFailed, "wrong password for "+u.Email)
		return authResponse{}, errBadCredentials
	}
	if u.TOTPSecret != "" {
		secret, err := s.Box.Open(u.TOTPSecret, "totp:"+normalEmail(u.Email))
		if err != nil {
			return authResponse{}, err
		}
		if req.Code == "" {
			return authResponse{}, errUnauthorized.with("code", "this account has multi-factor authentication: send the 6-digit code from the authenticator app as code")
		}
		step, ok := auth.MatchTOTP(secret, req.Code, s.Clock.Now())
		if ok {
			ok, err = s.Store.UseTOTPStep(ctx, u.ID, step)
			if err != nil {
				return authResponse{}, err
			}
		}
		if !ok {
			s.authFailed(r, u.OrgID, u.ID, store.EventMFA, "wrong or reused TOTP code for "+u.Email)
			return authResponse{}, errUnauthorized.with("code", "the code is wrong, expired or already used")
		}
	} else if s.RequireAdminMFA && u.Role == string(auth.RoleAdmin) {
		return authResponse{}, errForbidden.with("code", "admins must use multi-factor authentication; run cellgate-server admin mfa --email "+u.Email)
	}
	plain, hash, err := auth.NewToken("cgs_")
	if err != nil {
		return authResponse{}, err
	}
	_ = plain // the sign-in's token is never shown: its JWTs stand for it
	a := store.Actor{OrgID: u.OrgID, UserID: u.ID, Name: u.Email, IP: s.clientIP(r), RequestID: requestID(r)}
	k, err := s.Store.CreateToken(ctx, a, store.Token{UserID: u.ID, Description: "sign-in from " + a.IP, Hash: hash, Expires: s.Clock.Now().Add(s.RefreshTTL)})
	if err != nil {
		return authResponse{}, err
	}
	return s.issue(k, u, "refresh")
}

// issue signs an access token for k and u, and a refresh token if asked.
func (s *Server) issue(k store.Token, u store.User, refresh string) (authResponse, error) {
	c := auth.Claims{UserID: strconv.FormatInt(u.ID, 10), OrgID: strconv.FormatInt(k.OrgID, 10), Role: auth.Role(u.Role), TokenID: strconv.FormatInt(k.ID, 10)}
	tok, exp, err := s.Signer.Issue(c)
	if err != nil {
		return authResponse{}, err
	}
	resp := authResponse{AuthToken: tok, ExpiresAt: exp.UTC().Format(time.RFC3339)}
	if refresh != "" {
		if resp.RefreshToken, _, err = s.refreshSigner().Issue(c); err != nil {
			return authResponse{}, err
		}
	}
	return resp, nil
}

// refreshSigner signs refresh tokens with a key derived from the access
// tokens' key, so that neither kind stands in for the other.
func (s *Server) refreshSigner() auth.Signer {
	key := sha256.Sum256(append([]byte("cellgate-server refresh token\x00"), s.Signer.Key...))
	return auth.Signer{Key: key[:], TTL: s.RefreshTTL, Clock: s.Signer.Clock}
}

// authFailed records a refused sign-in as an event of the organisation.
func (s *Server) authFailed(r *http.Request, org, user int64, typ store.EventType, what string) {
	if org == 0 {
		return
	}
	_, err := s.Store.AddEvent(r.Context(), store.Event{
		OrgID: org, UserID: user, Type: typ, Source: store.SourceAPI, Severity: store.SeverityWarn, Alert: true,
		Description: what + " from " + s.clientIP(r),
	})
	if err != nil {
		s.log.WarnContext(r.Context(), "record failed sign-in", "err", err)
	}
}

// PasswordHash hashes a password for storage. The password is first
// turned into its SHA-1 hex form, which is what emnify's Java SDK sends
// in place of the password, so that both forms sign in.
func PasswordHash(password string) (string, error) {
	if len([]rune(password)) < 12 {
		return "", auth.ErrWeakPassword
	}
	return auth.HashPassword(sha1Hex(password))
}

func checkPassword(stored, given string) bool {
	if ok, _ := auth.CheckPassword(stored, sha1Hex(given)); ok {
		return true
	}
	if len(given) == 40 && isHex(given) {
		ok, _ := auth.CheckPassword(stored, strings.ToLower(given))
		return ok
	}
	return false
}

func sha1Hex(s string) string {
	h := sha1.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}

// dummyHash is checked when no user has the address.
var dummyHash, _ = auth.HashPassword("no such user, no such password")
