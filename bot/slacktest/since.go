package slacktest

// MessagesFrom returns a channel's messages from the i-th on (0 is the
// oldest), as they stand now: what arrived since a test last looked,
// without decoding the whole history again. Long simulations look after
// every step.
func (s *Server) MessagesFrom(channel string, i int) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	if ms := s.channels[channel]; i < len(ms) {
		for _, m := range ms[max(i, 0):] {
			out = append(out, m.message())
		}
	}
	return out
}

// DMsFrom is MessagesFrom for the bot's DM with the user.
func (s *Server) DMsFrom(userID string, i int) []Message {
	return s.MessagesFrom(dmChannel(userID), i)
}
