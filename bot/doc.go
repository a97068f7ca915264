// Package bot owns everything Slack: it routes slash commands, button
// clicks, modal submissions and events to handlers, builds the Block Kit
// views people see, and answers Slack within its 3-second deadline.
//
// Handlers are core methods that take a decoded payload; thin transport
// adapters (Socket Mode here, HTTP in http.go) acknowledge and hand over, so
// no flow is written twice. Views are pure functions of domain values. The
// package depends on models for the domain and must not import the
// scheduler or cmd.
package bot
