package bot

import (
	"strings"
	"testing"
)

// Help lists every command the bot answers: members' commands to all, the
// coordinators' to coordinators only.
func TestHelpCoversEveryCommand(t *testing.T) {
	routes := (&Bot{}).routes().commands
	has := func(name string) bool { _, ok := routes[name]; return ok }
	member := helpView("/one-to-one", "", has, false).Text
	coordinator := helpView("/one-to-one", "", has, true).Text
	coordinatorOnly := map[string]bool{cmdTeam: true, cmdSettings: true, cmdExport: true, cmdForget: true}
	for name := range routes {
		if name == cmdUnknown {
			continue
		}
		shown := "`" + name
		switch name {
		case cmdRequest:
			shown = "`/one-to-one @person"
		case cmdHelp, cmdLog, cmdList, cmdGoal, cmdPlan, cmdDigest, cmdTeam, cmdSettings, cmdExport, cmdForget, cmdOptOut:
			shown = "`/one-to-one " + name
		}
		if !strings.Contains(coordinator, shown) {
			t.Errorf("a coordinator's help lacks %s (%q):\n%s", name, shown, coordinator)
		}
		if got := strings.Contains(member, shown); got == coordinatorOnly[name] {
			t.Errorf("a member's help shows %s: %v, want %v", name, got, !coordinatorOnly[name])
		}
	}
	if !strings.Contains(member, "`plan remove @a`") {
		t.Errorf("help lacks plan remove:\n%s", member)
	}
}
