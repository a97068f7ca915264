package bot

// The builders of issue tags, the short reflection and a person's story
// that other goldens cover.
func init() {
	goldenCovered = append(goldenCovered,
		"reflectTagsInput",     // through reflectModal
		"reflectionTagsBlocks", // through reflectionReadView
		"tagCountsBlocks",      // through teamModal
		"issueTagsInput",       // through settingsModal
		"rosterFieldsInput",    // through settingsModal
	)
}
