package slacktest

import (
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}

func repeat(n int, f func(i int) slack.Block) []slack.Block {
	out := make([]slack.Block, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func options(n int, text string) []*slack.OptionBlockObject {
	out := make([]*slack.OptionBlockObject, n)
	for i := range out {
		out[i] = slack.NewOptionBlockObject(strings.Repeat("v", i%5+1), plain(text), nil)
	}
	return out
}

func TestValidateMessageBlocks(t *testing.T) {
	divider := func(int) slack.Block { return slack.NewDividerBlock() }
	long := func(n int) string { return strings.Repeat("x", n) }
	fields := func(n, size int) []*slack.TextBlockObject {
		out := make([]*slack.TextBlockObject, n)
		for i := range out {
			out[i] = mrkdwn(long(size))
		}
		return out
	}
	contextEls := func(n int) []slack.MixedElement {
		out := make([]slack.MixedElement, n)
		for i := range out {
			out[i] = mrkdwn("c")
		}
		return out
	}
	actionBtns := func(n int) slack.Block {
		btns := make([]*slack.ButtonBlockElement, n)
		for i := range btns {
			btns[i] = btn(strings.Repeat("a", i+1), "B", "")
		}
		return buttons("acts", btns...)
	}
	selectWith := func(opts []*slack.OptionBlockObject) slack.Block {
		return slack.NewActionBlock("sel", slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick"), "s", opts...))
	}
	tests := []struct {
		name   string
		blocks []slack.Block
		ok     bool
	}{
		{"OK50Blocks", repeat(50, divider), true},
		{"Err51Blocks", repeat(51, divider), false},
		{"OKSection3000", []slack.Block{section(long(3000))}, true},
		{"ErrSection3001", []slack.Block{section(long(3001))}, false},
		{"ErrSectionEmpty", []slack.Block{slack.NewSectionBlock(nil, nil, nil)}, false},
		{"OKFields", []slack.Block{slack.NewSectionBlock(nil, fields(10, 2000), nil)}, true},
		{"Err11Fields", []slack.Block{slack.NewSectionBlock(nil, fields(11, 1), nil)}, false},
		{"ErrField2001", []slack.Block{slack.NewSectionBlock(nil, fields(1, 2001), nil)}, false},
		{"OKHeader150", []slack.Block{slack.NewHeaderBlock(plain(long(150)))}, true},
		{"ErrHeader151", []slack.Block{slack.NewHeaderBlock(plain(long(151)))}, false},
		{"ErrHeaderMrkdwn", []slack.Block{slack.NewHeaderBlock(mrkdwn("x"))}, false},
		{"OKContext10", []slack.Block{slack.NewContextBlock("c", contextEls(10)...)}, true},
		{"ErrContext11", []slack.Block{slack.NewContextBlock("c", contextEls(11)...)}, false},
		{"OKActions25", []slack.Block{actionBtns(25)}, true},
		{"ErrActions26", []slack.Block{actionBtns(26)}, false},
		{"ErrButtonText76", []slack.Block{buttons("b", btn("a", long(76), ""))}, false},
		{"ErrButtonValue2001", []slack.Block{buttons("b", btn("a", "B", long(2001)))}, false},
		{"ErrButtonMrkdwn", []slack.Block{buttons("b", slack.NewButtonBlockElement("a", "", mrkdwn("B")))}, false},
		{"OKSelect100", []slack.Block{selectWith(options(100, "o"))}, true},
		{"ErrSelect101", []slack.Block{selectWith(options(101, "o"))}, false},
		{"ErrOptionText76", []slack.Block{selectWith(options(1, long(76)))}, false},
		{"ErrOptionValue76", []slack.Block{selectWith([]*slack.OptionBlockObject{slack.NewOptionBlockObject(long(76), plain("o"), nil)})}, false},
		{"ErrBlockID256", []slack.Block{slack.NewActionBlock(long(256), btn("a", "B", ""))}, false},
		{"ErrActionID256", []slack.Block{buttons("b", btn(long(256), "B", ""))}, false},
		{"ErrDuplicateBlockID", []slack.Block{slack.NewDividerBlock(), slack.NewActionBlock("x", btn("a", "B", "")), slack.NewActionBlock("x", btn("a", "B", ""))}, false},
		{"ErrPlaceholder151", []slack.Block{slack.NewActionBlock("s", slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(long(151)), "s", options(1, "o")...))}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateMessageBlocks(tt.blocks)
			if tt.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tt.ok {
				var ve *ValidationError
				if !errors.As(err, &ve) || ve.Code != "invalid_blocks" {
					t.Errorf("err = %v, want an invalid_blocks ValidationError", err)
				}
			}
		})
	}
}

func TestValidateView(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	goal := func(label string) slack.Block {
		return slack.NewInputBlock("goal", plain(label), nil, slack.NewPlainTextInputBlockElement(nil, "goal"))
	}
	with := func(f func(m *slack.ModalViewRequest)) slack.ModalViewRequest {
		m := modal("Plan", goal("Goal"))
		f(&m)
		return m
	}
	tests := []struct {
		name string
		view any
		code string
	}{
		{"OK", modal("Plan", goal("Goal")), ""},
		{"OKPointer", &slack.ModalViewRequest{Type: slack.VTModal, Title: plain("T"), Blocks: slack.Blocks{BlockSet: []slack.Block{section("x")}}}, ""},
		{"OKHome100", slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: repeat(100, func(int) slack.Block { return slack.NewDividerBlock() })}}, ""},
		{"ErrHome101", slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: repeat(101, func(int) slack.Block { return slack.NewDividerBlock() })}}, "invalid_arguments"},
		{"ErrTitle25", with(func(m *slack.ModalViewRequest) { m.Title = plain(long(25)) }), "invalid_arguments"},
		{"ErrNoTitle", with(func(m *slack.ModalViewRequest) { m.Title = nil }), "invalid_arguments"},
		{"ErrSubmit25", with(func(m *slack.ModalViewRequest) { m.Submit = plain(long(25)) }), "invalid_arguments"},
		{"ErrClose25", with(func(m *slack.ModalViewRequest) { m.Close = plain(long(25)) }), "invalid_arguments"},
		{"ErrInputWithoutSubmit", with(func(m *slack.ModalViewRequest) { m.Submit = nil }), "invalid_arguments"},
		{"ErrPrivateMetadata3001", with(func(m *slack.ModalViewRequest) { m.PrivateMetadata = long(3001) }), "invalid_arguments"},
		{"ErrCallbackID256", with(func(m *slack.ModalViewRequest) { m.CallbackID = long(256) }), "invalid_arguments"},
		{"ErrLabel2001", modal("Plan", goal(long(2001))), "invalid_arguments"},
		{"ErrTooLarge", modal("Plan", repeat(100, func(int) slack.Block { return section(long(3000)) })...), "view_too_large"},
		{"ErrNotJSON", []byte("{"), "invalid_arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateView(tt.view)
			var ve *ValidationError
			switch {
			case tt.code == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.code != "" && (!errors.As(err, &ve) || ve.Code != tt.code):
				t.Errorf("err = %v, want code %s", err, tt.code)
			}
		})
	}
}
