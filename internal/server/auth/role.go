package auth

import (
	"fmt"
	"strings"
)

// Role is what a user or application token may do within its
// organisation.
type Role string

// The roles. An approver approves eSIM campaigns and otherwise only reads;
// approving is kept apart from every other role, the administrator's too,
// so that no one account can both prepare and approve a campaign.
const (
	RoleAdmin    Role = "admin"
	RoleOperator Role = "operator"
	RoleViewer   Role = "viewer"
	RoleApprover Role = "approver"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleOperator, RoleApprover, RoleViewer}

// Action is a kind of request a role may be allowed.
type Action string

// The actions.
const (
	ActionRead    Action = "read"    // any GET
	ActionWrite   Action = "write"   // changes to devices, SIMs, endpoints
	ActionAdmin   Action = "admin"   // user and token management, audit read
	ActionApprove Action = "approve" // approving eSIM campaigns
)

var grants = map[Role]map[Action]bool{
	RoleAdmin:    {ActionRead: true, ActionWrite: true, ActionAdmin: true},
	RoleOperator: {ActionRead: true, ActionWrite: true},
	RoleApprover: {ActionRead: true, ActionApprove: true},
	RoleViewer:   {ActionRead: true},
}

// ParseRole reads a role name, ignoring case and surrounding blanks.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := grants[r]; !ok {
		return "", fmt.Errorf("unknown role %q: want admin, operator, approver or viewer", s)
	}
	return r, nil
}

// String is the role's name.
func (r Role) String() string { return string(r) }

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { _, ok := grants[r]; return ok }

// Allows reports whether r may perform a. An unknown role or action is
// allowed nothing.
func (r Role) Allows(a Action) bool { return grants[r][a] }
