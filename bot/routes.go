package bot

import (
	"context"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

type (
	commandHandler func(ctx context.Context, cmd *slack.SlashCommand, c command) (*reply, error)
	actionHandler  func(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error
	submitHandler  func(ctx context.Context, cb *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error)
	eventHandler   func(ctx context.Context, ev slackevents.EventsAPIInnerEvent) error
	// shortcutHandler answers a global or message shortcut; its trigger
	// opens a modal.
	shortcutHandler func(ctx context.Context, cb *slack.InteractionCallback) error
)

// router holds every route of the bot in one place.
type router struct {
	commands map[string]commandHandler
	actions  map[string]actionHandler
	submits  map[string]submitHandler
	events   map[string]eventHandler
	// shortcuts are keyed by the callback_id the manifest declares.
	shortcuts map[string]shortcutHandler
}

// routes registers every slash subcommand, button, modal and event the bot
// answers. Anything not listed here is answered with help or ignored.
func (b *Bot) routes() router {
	return router{
		commands: map[string]commandHandler{
			cmdHelp:     b.cmdHelp,
			cmdUnknown:  b.cmdHelp,
			cmdRequest:  b.cmdRequest,
			cmdLog:      b.cmdLog,
			cmdList:     b.cmdList,
			cmdGoal:     b.cmdGoal,
			cmdPlan:     b.cmdPlan,
			cmdDigest:   b.cmdDigest,
			cmdOptOut:   b.cmdOptOut,
			cmdOptIn:    b.cmdOptIn,
			cmdTeam:     b.cmdTeam,
			cmdForget:   b.cmdForget,
			cmdExport:   b.cmdExport,
			cmdSettings: b.cmdSettings,
			cmdLanguage: b.cmdLanguage,
			cmdGroup:    b.cmdGroup,
			cmdRoster:   b.cmdRoster,
			cmdImport:   b.cmdImport,
			cmdAssign:   b.cmdAssign,
			cmdPerson:   b.cmdPerson,
			cmdPeople:   b.cmdPeople,
		},
		actions: map[string]actionHandler{
			actPickTime:    b.actPickTime,
			actReschedule:  b.actPickTime,
			actNotNow:      b.actNotNow,
			actCancel:      b.actCancel,
			actReflect:     b.actReflect,
			actNudge:       b.actNudge,
			actPlanAsk:     b.actPlanAsk,
			actAddLeads:    b.actAddLeads,
			actReflectMore: b.actReflectMore,
			actPersonOpen:  b.actPersonOpen,
			actForget:      b.actForget,
			actOpenTeam:    b.actOpenTeam,

			actReadReflection:  b.actReadReflection,
			actNoShow:          b.actNoShow,
			actForgetPerson:    b.actForgetPerson,
			actGoalAgain:       b.actGoalAgain,
			actLanguage:        b.actLanguage,
			actChooseGroup:     b.actChooseGroup,
			actCreateGroup:     b.actCreateGroup,
			actGroupMembers:    b.actGroupMembers,
			actPickProposed1:   b.actPickProposed,
			actPickProposed2:   b.actPickProposed,
			actPickProposed3:   b.actPickProposed,
			actCalendarGoogle:  b.actCalendarLink,
			actCalendarOutlook: b.actCalendarLink,

			actPersonEdit:       b.actPersonEdit,
			actRosterImportOpen: b.actRosterImportOpen,
			actRosterPasteBack:  b.actRosterPasteBack,
			actAssignOpen:       b.actAssignOpen,
			actAssignPick:       b.actAssignPick,
			actAssignAsk:        b.actAssignAsk,
			actAssignLog:        b.actAssignLog,
			actAssignBack:       b.actAssignBack,
			actAssignMore:       b.actAssignMore,
			actTeamPeriod:       b.actTeamPeriod,
			actOpenCoverage:     b.actOpenCoverage,
			actCoverageField:    b.actCoverageField,
			actTrendsChart:      b.actTrendsChart,
			actPeopleOpen:       b.actPeopleOpen,
			actPeoplePrev:       b.actPeoplePage,
			actPeopleNext:       b.actPeoplePage,
			actTeamNewer:        b.actTeamPage,
			actTeamOlder:        b.actTeamPage,

			actHomeAsk:  b.actHomeAsk,
			actHomeLog:  b.actHomeLog,
			actHomeGoal: b.actHomeGoal,
			actOpenGuide: func(context.Context, *slack.InteractionCallback, *slack.BlockAction) error {
				return nil // Slack opened the guide
			},
		},
		submits: map[string]submitHandler{
			viewRequest:  b.submitRequest,
			viewSchedule: b.submitSchedule,
			viewDecline:  b.submitDecline,
			viewCancel:   b.submitCancel,
			viewReflect:  b.submitReflect,
			viewSettings: b.submitSettings,

			viewScheduleOutside: b.submitPlanned,
			viewGroupCreate:     b.submitCreateGroup,
			viewGroupMembers:    b.submitGroupMembers,
			viewLogWho:          b.submitLogWho,
			viewGoal:            b.submitGoal,
			viewPerson:          b.submitPerson,
			viewRosterPaste:     b.submitRosterPaste,
			viewRosterImport:    b.submitRosterImport,
			viewAssign:          b.submitAssign,
			viewAssignHandOn:    b.submitHandOn,
			viewPeople:          b.submitPeople,
		},
		events: map[string]eventHandler{
			"team_join":             b.eventTeamJoin,
			"app_home_opened":       b.eventHomeOpened,
			"member_joined_channel": b.eventJoinedChannel,
			"app_uninstalled":       b.eventUninstalled,
			"tokens_revoked":        b.eventUninstalled,
			"message":               b.eventMessage,
		},
		shortcuts: map[string]shortcutHandler{
			shortcutAsk:       b.shortcutAsk,
			shortcutAskAuthor: b.shortcutAskAuthor,
		},
	}
}
