package auth

import "testing"

func TestParseRole(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want Role
		ok   bool
	}{
		{"admin", RoleAdmin, true},
		{" Operator ", RoleOperator, true},
		{"VIEWER", RoleViewer, true},
		{"approver", RoleApprover, true},
		{"", "", false},
		{"root", "", false},
		{"admins", "", false},
	} {
		got, err := ParseRole(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	for _, r := range Roles {
		if back, err := ParseRole(r.String()); err != nil || back != r {
			t.Errorf("ParseRole(%q.String()) = %q, %v", r, back, err)
		}
	}
}

func TestAllows(t *testing.T) {
	t.Parallel()
	actions := []Action{ActionRead, ActionWrite, ActionAdmin, ActionApprove, "delete", ""}
	want := map[Role][]bool{
		RoleAdmin:    {true, true, true, false, false, false},
		RoleOperator: {true, true, false, false, false, false},
		RoleApprover: {true, false, false, true, false, false},
		RoleViewer:   {true, false, false, false, false, false},
		"":           {false, false, false, false, false, false},
		"Admin":      {false, false, false, false, false, false},
		"root":       {false, false, false, false, false, false},
	}
	for r, row := range want {
		for i, a := range actions {
			if got := r.Allows(a); got != row[i] {
				t.Errorf("Role(%q).Allows(%q) = %v; want %v", r, a, got, row[i])
			}
		}
	}
}
