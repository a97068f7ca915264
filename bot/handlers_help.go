package bot

import (
	"context"

	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// cmdHelp answers help, or text it didn't follow, with what the person
// may do. It looks the person up without storing them (asking for help is
// not joining), and never fails: when their profile can't be read, it
// leaves out the coordinators' commands.
func (b *Bot) cmdHelp(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error) {
	unknown := ""
	if c.Name == cmdUnknown {
		unknown = c.Rest
	}
	m, err := b.peekMember(ctx, models.UserID(cmd.UserID), b.promptly)
	if err == nil {
		// The commands of coordinators of the group they act in.
		var g *models.Group
		if g, err = b.store.CurrentGroup(ctx, b.teamFor(ctx), m.ID); err == nil {
			m, err = b.roleIn(ctx, b.store.In(g.ID), g.IsDefault, m)
		}
	}
	if err != nil {
		b.log.Debug("help without the profile", "user", cmd.UserID, "err", err)
	}
	has := func(name string) bool { _, ok := b.r.commands[name]; return ok }
	if err != nil {
		m = nil
	}
	if m == nil {
		return helpView(b.langOf(ctx, models.UserID(cmd.UserID)), b.command, unknown, has, m), nil
	}
	return helpView(b.langOfMember(ctx, m), b.command, unknown, has, m), nil
}
