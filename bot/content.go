package bot

// coachingTips are the guide's best practices in a line each. They appear in
// App Home, one a week, and before meetings.
var coachingTips = []string{
	"Go deep, not broad: ask open-ended questions. “Why did that matter to you?” “Tell me more about that.”",
	"Listen more than you talk. Put your phone away, make eye contact, and try not to interrupt.",
	"Direct the conversation: have a few questions ready to steer toward what they care about.",
	"Leave with next steps: offer a few options and make an ask that lets you follow up.",
	"Don't sell the group. Speak honestly and relationally; if they like what they hear, they will join.",
	"Schedule it within two weeks, plan 45 to 60 minutes, and meet face to face.",
	"A good interviewer is courageous, curious, non-judgmental, and a good listener.",
	"Reflect soon after: what did you learn about them, and what could you do better next time?",
	"There may be some awkwardness in the first few one-to-ones. The important thing is simply to do them.",
}

// tipOfWeek picks the tip for the week of the year, so everyone sees the
// same one and it changes on Mondays.
func tipOfWeek(year, week int) string {
	return coachingTips[(year*53+week)%len(coachingTips)]
}
