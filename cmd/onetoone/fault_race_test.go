//go:build race

package main

// faultRace says the tests run with the race detector, so the bot binary
// the fault tests start is built with it too.
const faultRace = true
