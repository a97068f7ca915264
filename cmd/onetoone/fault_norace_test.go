//go:build !race

package main

// faultRace says the tests run without the race detector.
const faultRace = false
