package slacktest

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// newServer starts a fake Slack closed at the end of the test.
func newServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s := New(opts)
	t.Cleanup(s.Close)
	return s
}

// newAPI is slack-go's Web API client pointed at the fake.
func newAPI(s *Server) *slack.Client {
	return slack.New(BotToken, slack.OptionAPIURL(s.URL()), slack.OptionAppLevelToken(AppToken))
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// bot is a real socketmode client whose events go to handle, each in its
// own goroutine, as SocketmodeHandler does.
type bot struct {
	client *socketmode.Client
	api    *slack.Client
	mu     sync.Mutex
	events []socketmode.Event
}

func (b *bot) seen() []socketmode.Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]socketmode.Event(nil), b.events...)
}

func (b *bot) count(typ socketmode.EventType) int {
	n := 0
	for _, e := range b.seen() {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func startBot(t *testing.T, s *Server, handle func(b *bot, evt socketmode.Event)) *bot {
	t.Helper()
	api := newAPI(s)
	b := &bot{api: api, client: socketmode.New(api, socketmode.OptionLog(log.New(io.Discard, "", 0)))}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = b.client.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-b.client.Events:
				b.mu.Lock()
				b.events = append(b.events, evt)
				b.mu.Unlock()
				if handle != nil {
					wg.Go(func() { handle(b, evt) })
				}
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	return b
}

// ackAll acks every request with no payload.
func ackAll(b *bot, evt socketmode.Event) {
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		_ = b.client.Ack(*evt.Request)
	}
}

func mustConnect(t *testing.T, s *Server, n int) {
	t.Helper()
	if err := s.WaitConnected(testContext(t), n); err != nil {
		t.Fatalf("WaitConnected(%d): %v", n, err)
	}
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)
}

func buttons(blockID string, btns ...*slack.ButtonBlockElement) slack.Block {
	els := make([]slack.BlockElement, len(btns))
	for i, b := range btns {
		els[i] = b
	}
	return slack.NewActionBlock(blockID, els...)
}

func btn(actionID, text, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, text, false, false))
}

func plain(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, false, false)
}

func jsonDecode(resp *http.Response, v any) error {
	return json.NewDecoder(resp.Body).Decode(v)
}
