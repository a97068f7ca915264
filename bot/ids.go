package bot

// The ids Slack sends back when someone presses a button or submits a
// modal. The views put them in what they build and routes.go dispatches on
// them; both read them here, so a view needs nothing from the handlers.

// Action ids of buttons and callback ids of modals. They are part of the
// messages already sitting in people's DMs: rename one only with care.
const (
	actPickTime   = "pick_time"
	actNotNow     = "not_now"
	actCancel     = "cancel"
	actReschedule = "reschedule"
	actReflect    = "reflect"
	actNudge      = "nudge"
	actPlanAsk    = "plan_ask"
	actAddLeads   = "add_leads"
	actForget     = "forget"
	actOpenTeam   = "open_team"

	actReadReflection = "read_reflection"
	actNoShow         = "didnt_happen"
	actForgetPerson   = "forget_person"
	actGoalAgain      = "goal_again"
	// actLanguage is Home's language menu, in the block blockLanguage.
	actLanguage   = "language"
	blockLanguage = "language"

	viewRequest  = "request"
	viewSchedule = "schedule"
	viewDecline  = "decline"
	viewCancel   = "cancel"
	viewReflect  = "reflect"
	viewTeam     = "team"
	viewSettings = "settings"

	viewReflectionRead = "reflection_read"

	// viewScheduleOutside schedules a first one-to-one with someone
	// outside Slack, stored only when it is submitted.
	viewScheduleOutside = "schedule_outside"

	// Home's buttons at the top, and the modals behind two of them.
	actHomeAsk  = "home_ask"
	actHomeLog  = "home_log"
	actHomeGoal = "home_goal"
	viewLogWho  = "log_who"
	viewGoal    = "goal"
	// actOpenGuide is the welcome's link to the group's guide: Slack
	// opens the URL and still sends the click, which needs no answer.
	actOpenGuide = "open_guide"

	// shortcutAsk and shortcutAskAuthor are the callback ids of the global
	// and the message shortcut the manifests declare.
	shortcutAsk       = "ask_one_to_one"
	shortcutAskAuthor = "ask_author_one_to_one"
)

// Issue tags, the short reflection and a person's story (issue 14).
const (
	// actReflectMore opens the reflection's full list of questions,
	// keeping what was typed; in the block blockReflectMore.
	actReflectMore   = "reflect_more"
	blockReflectMore = "reflect_more"
	// blockReflectTags is the reflection's menu of the group's issue tags.
	blockReflectTags = "tags"
	// actPersonOpen opens a person's card (value: the person's id);
	// actPersonEdit (views_roster.go) and actAssignOpen (views_assign.go)
	// are its coordinators' buttons; viewPersonCard is the card.
	actPersonOpen  = "person_open"
	viewPersonCard = "person_card"
)
