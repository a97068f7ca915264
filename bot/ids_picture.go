package bot

// The coordinator's picture's ids: the team view's period, the coverage
// view and its field, the trends chart, and the People list.
const (
	actTeamPeriod    = "team_period"
	actOpenCoverage  = "coverage_open"
	actCoverageField = "coverage_field"
	actTrendsChart   = "trends_chart"
	actPeopleOpen    = "people_open"
	actPeoplePrev    = "people_prev"
	actPeopleNext    = "people_next"
	actTeamNewer     = "team_newer"
	actTeamOlder     = "team_older"
	actPeopleSearch  = "people_search"
	viewCoverage     = "coverage"
	viewPeople       = "people"
	blockPeopleQuery = "people_query"

	// Buttons of the People list that other parts of the campaign answer
	// (the person's card, the edit-person modal, the CSV import): their
	// owners declare them too, under their own names.
	sharedPersonOpen   = "person_open"
	sharedPersonEdit   = "person_edit"
	sharedRosterImport = "roster_import_open"
)

// Periods the team view's funnel can cover (the value of actTeamPeriod).
const (
	period4Weeks  = "4w"
	period12Weeks = "12w"
	periodAll     = "all"
)
