package bot

import (
	"bytes"
	"context"
	"fmt"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/slack-go/slack"
)

// actTeamPeriod fills the team view again for the period a coordinator
// chose; the period travels in the view's private_metadata.
func (b *Bot) actTeamPeriod(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	v := cb.View
	v.PrivateMetadata = teamState{Period: act.SelectedOption.Value}.String()
	return b.fillTeam(ctx, st, m, &v)
}

// actTeamPage shows newer or older one-to-ones in the team view; the
// button carries the state of the page it shows.
func (b *Bot) actTeamPage(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	v := cb.View
	v.PrivateMetadata = parseTeamState(act.Value).String()
	return b.fillTeam(ctx, st, m, &v)
}

// actOpenCoverage opens the coverage view on top of the team view (or on
// its own from elsewhere): a loading modal at once, then the roster's
// coverage by the field the button names.
func (b *Bot) actOpenCoverage(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	l := b.langOfMember(ctx, m)
	loading := modal(l, viewCoverage, catalog.T(l, "picture.coverage_title", nil), "", "", section(catalog.T(l, "team.loading", nil)))
	v, err := b.stackView(ctx, cb, loading)
	if err != nil {
		return err
	}
	return b.fillCoverage(ctx, st, m, v, act.Value)
}

// actCoverageField cuts the coverage view by another field.
func (b *Bot) actCoverageField(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	v := cb.View
	return b.fillCoverage(ctx, st, m, &v, act.SelectedOption.Value)
}

// fillCoverage replaces v with the coverage of st's roster by field, as
// the coordinator m may see it.
func (b *Bot) fillCoverage(ctx context.Context, st *models.Store, m *models.Member, v *slack.View, field string) error {
	v2, err := b.coverageView(ctx, st, m, field)
	if err != nil {
		return err
	}
	_, err = b.api(ctx).UpdateViewContext(ctx, v2, "", v.Hash, v.ID)
	b.metrics.slackCall("views.update", err)
	return err
}

// coverageView builds the coverage view of st's roster by field for the
// coordinator m, in their language, with the group's names for the
// fields and the ladder.
func (b *Bot) coverageView(ctx context.Context, st *models.Store, m *models.Member, field string) (slack.ModalViewRequest, error) {
	if field == "" {
		field = models.FieldSite
	}
	c, err := st.Coverage(ctx, m, field)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	l := b.langOfMember(ctx, m)
	set, err := b.settings(ctx, st)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	return coverageModal(l, c, rosterFields(l, set), b.ladderIn(ctx, st, l)), nil
}

// stackView opens v on top of the modal the click came from, or on its
// own from a message or Home, and returns it to be updated.
func (b *Bot) stackView(ctx context.Context, cb *slack.InteractionCallback, v slack.ModalViewRequest) (*slack.View, error) {
	if cb.View.Type != slack.VTModal {
		return b.openView(ctx, cb.TriggerID, v)
	}
	resp, err := b.api(ctx).PushViewContext(ctx, cb.TriggerID, v)
	b.metrics.slackCall("views.push", err)
	if err != nil {
		return nil, fmt.Errorf("views.push: %w", err)
	}
	return &resp.View, nil
}

// actTrendsChart draws the team's trends and uploads the chart into the
// coordinator's DM, after the click is answered: the coordinator is told
// it is on its way.
func (b *Bot) actTrendsChart(ctx context.Context, cb *slack.InteractionCallback, act *slack.BlockAction) error {
	m, st, err := b.coordinator(ctx, cb.User.ID)
	if err != nil {
		return err
	}
	b.background(ctx, "trends chart", func(ctx context.Context) {
		if err := b.sendTrendsChart(ctx, st, m); err != nil {
			if _, derr := b.dmAnswer(ctx, m.ID, b.fail(ctx, "trends chart", string(m.ID), err), nil); derr != nil {
				b.log.Warn("could not report a failed chart", "user", m.ID, "err", derr)
			}
		}
	})
	return nil
}

// trendsFile is the team's trends chart as a file to upload, in l, as of
// now, with its alt text as the comment; with ladder, the ratings' movement
// too, for a coordinator's eyes only (trendsChart).
func (b *Bot) trendsFile(ctx context.Context, st *models.Store, l catalog.Lang, ladder bool) (*outFile, error) {
	t, err := st.Trends(ctx, b.now(), models.TrendWeeks)
	if err != nil {
		return nil, err
	}
	png, err := trendsChart(l, t, ladder)
	if err != nil {
		return nil, err
	}
	return &outFile{
		name:    "onetoone-trends-" + b.now().Format("2006-01-02") + ".png",
		title:   catalog.T(l, "picture.chart_title", map[string]any{"Weeks": len(t.Weeks)}),
		comment: trendsComment(l, t, ladder), content: png,
	}, nil
}

// sendTrendsChart uploads the team's chart into the coordinator m's DM.
func (b *Bot) sendTrendsChart(ctx context.Context, st *models.Store, m *models.Member) error {
	f, err := b.trendsFile(ctx, st, b.langOfMember(ctx, m), true)
	if err != nil {
		return err
	}
	ch, err := b.dmChannel(ctx, m.ID)
	if err != nil {
		return err
	}
	_, err = b.api(ctx).UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(f.content), FileSize: len(f.content), Filename: f.name, Title: f.title,
		Channel: ch, InitialComment: f.comment, AltTxt: f.comment,
	})
	b.metrics.slackCall("files.upload", err)
	return err
}

// CoverageView builds the coverage view of the roster of viewer's current
// group by field, as the coverage button serves it (the coordinator's
// check, the group's settings, the store's query and the render), without
// sending it: for onetoone-bench.
func (b *Bot) CoverageView(ctx context.Context, viewer models.UserID, field string) (slack.ModalViewRequest, error) {
	m, st, err := b.coordinator(ctx, string(viewer))
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	return b.coverageView(ctx, st, m, field)
}
