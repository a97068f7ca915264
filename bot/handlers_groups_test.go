package bot

import (
	"testing"

	"github.com/onetoone/onetoone/models"
)

// TestTypedGroup: a group's name comes after `group` quoted or not, in
// any language's word for the command, with its spaces.
func TestTypedGroup(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Alone", "group", ""},
		{"OneWord", "group Housing", "Housing"},
		{"Spaces", "group Tenants' committee", "Tenants' committee"},
		{"Quoted", `group "Tenants' committee"`, "Tenants' committee"},
		{"CurlyQuoted", "group “Tenants' committee”", "Tenants' committee"},
		{"Spanish", "grupo Comité de inquilinos", "Comité de inquilinos"},
		{"UpperCommand", "GROUP housing", "housing"},
		{"Unescaped", "group Q&amp;A &lt;crew&gt;", "Q&A <crew>"},
		// Words a command takes elsewhere are a name here.
		{"RemoveIsAName", "group quitar", "quitar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := parseCommand(tt.in)
			if c.Name != cmdGroup {
				t.Fatalf("parseCommand(%q).Name = %q, want %q", tt.in, c.Name, cmdGroup)
			}
			if got := typedGroup(c); got != tt.want {
				t.Errorf("typedGroup(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFindGroup: names match without regard to case or runs of spaces;
// the default group answers to its name in each language.
func TestFindGroup(t *testing.T) {
	groups := []models.Group{{ID: 1, IsDefault: true}, {ID: 2, Name: "Tenants' Committee"}, {ID: 3, Name: "Housing"}}
	tests := []struct {
		typed string
		want  models.GroupID
	}{
		{"tenants'   COMMITTEE", 2},
		{"housing", 3},
		{"Everyone in the workspace", 1},
		{"todo el espacio de trabajo", 1},
		{"House", 0},
		{"", 0},
	}
	for _, tt := range tests {
		var got models.GroupID
		if g := findGroup(groups, tt.typed); g != nil {
			got = g.ID
		}
		if got != tt.want {
			t.Errorf("findGroup(%q) = group %d, want %d", tt.typed, got, tt.want)
		}
	}
}
