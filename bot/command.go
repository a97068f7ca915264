package bot

import (
	"regexp"
	"strings"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// Subcommands of the slash command. A text starting with a mention is a
// request; an empty text opens the request modal.
const (
	cmdRequest  = "request"
	cmdHelp     = "help"
	cmdLog      = "log"
	cmdList     = "list"
	cmdGoal     = "goal"
	cmdPlan     = "plan"
	cmdDigest   = "digest"
	cmdSettings = "settings"
	cmdTeam     = "team"
	cmdExport   = "export"
	cmdForget   = "forget"
	cmdOptOut   = "optout"
	cmdOptIn    = "optin"
	cmdLanguage = "language"
	cmdGroup    = "group"
	cmdRoster   = "roster"
	cmdImport   = "import"
	cmdAssign   = "assign"
	cmdPerson   = "person"
	cmdPeople   = "people"
	cmdUnknown  = "unknown"

	// wordRemove is the word after plan that takes someone off the list.
	wordRemove = "remove"
)

var subcommands = map[string]bool{
	cmdHelp: true, cmdLog: true, cmdList: true, cmdGoal: true, cmdPlan: true, cmdDigest: true,
	cmdSettings: true, cmdTeam: true, cmdExport: true, cmdForget: true, cmdOptOut: true, cmdOptIn: true,
	cmdLanguage: true, cmdGroup: true, cmdRoster: true, cmdImport: true, cmdAssign: true, cmdPerson: true, cmdPeople: true,
}

// commandWords maps each language's word for a subcommand, and for the
// words commands take ("quitar"), to its English name (catalog.Commands):
// people type commands in any language the bot speaks, whichever they
// read it in.
var commandWords = catalog.Commands()

// commandName is the English name of the subcommand or word w in any
// language, lowercased; w itself, lowercased, when no language has it.
func commandName(w string) string {
	w = strings.ToLower(w)
	if name, ok := commandWords[w]; ok {
		return name
	}
	return w
}

// command is a parsed slash command text.
type command struct {
	Name  string
	Users []models.UserID // mentioned Slack users, in order
	Names []string        // quoted names of people outside Slack
	// Words are the bare words after the subcommand that are neither
	// mentions nor quoted, e.g. "remove" or a number.
	Words []string
	// Rest is the free text after the leading mentions of a request: the
	// requester's own words, without the quotes they may have put around
	// them.
	Rest string
	// Bare is an @name typed without Slack turning it into a mention.
	Bare []string
}

// mentionRe matches an escaped user mention: <@U123> or <@U123|name>.
var mentionRe = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(\|[^<>]*)?>`)

// parseCommand reads the text of the slash command. It never fails: text it
// cannot read becomes cmdUnknown, answered with help.
//
// Slack sends the text escaped, with mentions as markup; the words in the
// command it returns are plain, as people typed them (unescapeSlack).
func parseCommand(text string) command {
	c := parseMarkup(text)
	c.Rest = unescapeSlack(c.Rest)
	for _, words := range [][]string{c.Names, c.Words, c.Bare} {
		for i, w := range words {
			words[i] = unescapeSlack(w)
		}
	}
	return c
}

// parseMarkup reads the command text as Slack sends it: a mention is markup
// only while its < and > are not escaped, so the text is read before it is
// unescaped.
func parseMarkup(text string) command {
	text = strings.TrimSpace(text)
	if text == "" {
		return command{Name: cmdRequest}
	}
	var c command
	rest := text
	if first, after, _ := strings.Cut(text, " "); subcommands[commandName(first)] {
		c.Name = commandName(first)
		rest = after
	} else if mentionRe.MatchString(text) || strings.HasPrefix(text, "@") || strings.HasPrefix(text, `"`) || strings.HasPrefix(text, "“") {
		c.Name = cmdRequest
	} else {
		return command{Name: cmdUnknown, Rest: text}
	}
	leading := true
	// Once no closing quote of a kind is left in the text, none will be:
	// rest only ever shrinks from the front.
	noCurly, noStraight := false, false
	for {
		rest = strings.TrimLeft(rest, " \t\n")
		if rest == "" {
			break
		}
		var m []string
		if strings.HasPrefix(rest, "<@") {
			m = mentionRe.FindStringSubmatch(rest)
		}
		switch {
		case m != nil:
			c.Users = append(c.Users, models.UserID(m[1]))
			rest = rest[len(m[0]):]
			continue
		case c.Name == cmdRequest && !leading:
		case strings.HasPrefix(rest, "@") && leading:
			word, after, _ := strings.Cut(rest, " ")
			c.Bare = append(c.Bare, word)
			rest = after
			continue
		case c.Name == cmdRequest && len(c.Users)+len(c.Bare) > 0 && startsQuoted(rest):
			// Quoted words after the person asked are the invitation,
			// not the name of someone outside Slack.
		case startsQuoted(rest):
			open, closeQ := `"`, `"`
			if strings.HasPrefix(rest, "“") {
				open, closeQ = "“", "”"
			}
			body := rest[len(open):]
			end := -1
			if closeQ == "”" && !noCurly {
				if end = strings.Index(body, "”"); end < 0 {
					noCurly = true
				}
			}
			if end < 0 {
				closeQ = `"`
				if !noStraight {
					if end = strings.Index(body, `"`); end < 0 {
						noStraight = true
					}
				}
			}
			if end >= 0 {
				c.Names = append(c.Names, body[:end])
				rest = body[end+len(closeQ):]
				leading = c.Name != cmdRequest
				continue
			}
		}
		if c.Name == cmdRequest {
			c.Rest = unquote(strings.TrimSpace(rest))
			break
		}
		word, after, _ := strings.Cut(rest, " ")
		if c.Name == cmdPlan && commandName(word) == wordRemove {
			word = wordRemove // "plan quitar @a"
		}
		c.Words = append(c.Words, word)
		rest = after
		leading = false
	}
	return c
}

func startsQuoted(s string) bool { return strings.HasPrefix(s, `"`) || strings.HasPrefix(s, "“") }

// unquote takes the quotes off words quoted as a whole: `"I'd love to
// hear…"` is the invitation I'd love to hear…, while `"Hi," I said` keeps
// its quotes.
func unquote(s string) string {
	for _, open := range []string{`"`, "“"} {
		for _, closeQ := range []string{`"`, "”"} {
			body, ok := strings.CutPrefix(s, open)
			if !ok {
				continue
			}
			if body, ok = strings.CutSuffix(body, closeQ); ok && !strings.ContainsAny(body, "\"“”") {
				return body
			}
		}
	}
	return s
}

// slackUnescaper undoes the escaping Slack applies to the &, < and > people
// type, in one pass, so "&amp;lt;" becomes the "&lt;" they typed
// (https://api.slack.com/reference/surfaces/formatting#escaping). slack-go
// offers only the other direction (slackutilsx.EscapeMessage).
var slackUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// unescapeSlack turns command text as Slack sends it back into the words
// people typed. Mentions and links stay markup: Slack leaves their < and >
// unescaped. Views escape the words once again on the way out (esc).
func unescapeSlack(s string) string { return slackUnescaper.Replace(s) }
