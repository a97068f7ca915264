package bot

import (
	"bytes"
	"fmt"
	"image/color"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Trends chart size: wide enough for twelve weeks of three bars each,
// readable in Slack's preview (960×540 pixels at gonum/plot's 96 dpi).
const (
	chartWidth  = 10 * vg.Inch
	chartHeight = 5.625 * vg.Inch
	chartDPI    = 96
)

// Chart colours: held in the bot's blue, ladder moves in green (up) and
// orange (down), distinguishable by the colour-blind.
var (
	chartHeld = color.RGBA{R: 0x1d, G: 0x6f, B: 0xb8, A: 0xff}
	chartUp   = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	chartDown = color.RGBA{R: 0xe6, G: 0x7e, B: 0x22, A: 0xff}
)

// trendsChart draws the team's last weeks as a PNG, in l: one-to-ones
// held per week, and with ladder the ratings that moved up or down the
// ladder, as bars side by side, with a title, axis labels and a legend.
// Ratings are as private as reflections: only a coordinator's own chart
// shows their movement, never the digest channel's (trendsFile). It is
// pure: the same trends give the same picture.
func trendsChart(l catalog.Lang, t *models.Trends, ladder bool) ([]byte, error) {
	p := plot.New()
	p.Title.Text = catalog.T(l, "picture.chart_title", map[string]any{"Weeks": len(t.Weeks)})
	p.Title.TextStyle.Font.Size, p.Title.TextStyle.Font.Variant = vg.Points(18), "Sans"
	p.X.Label.Text = catalog.T(l, "picture.chart_x", nil)
	p.Y.Label.Text = catalog.T(l, "picture.chart_y", nil)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size, a.Label.TextStyle.Font.Variant = vg.Points(13), "Sans"
		a.Tick.Label.Font.Size, a.Tick.Label.Font.Variant = vg.Points(11), "Sans"
	}
	held := make(plotter.Values, len(t.Weeks))
	up := make(plotter.Values, len(t.Weeks))
	down := make(plotter.Values, len(t.Weeks))
	names := make([]string, len(t.Weeks))
	top := 0
	for i, w := range t.Weeks {
		held[i], up[i], down[i] = float64(w.Held), float64(w.Up), float64(w.Down)
		names[i] = catalog.T(l, "picture.chart_week", map[string]any{"Day": w.Start.Day(), "Month": int(w.Start.Month())})
		top = max(top, w.Held)
		if ladder {
			top = max(top, w.Up, w.Down)
		}
	}
	width := vg.Points(14)
	type series struct {
		v     plotter.Values
		c     color.Color
		label string
	}
	all := []series{{held, chartHeld, catalog.T(l, "picture.chart_held", nil)}}
	if ladder {
		all = append(all, series{up, chartUp, catalog.T(l, "picture.chart_up", nil)}, series{down, chartDown, catalog.T(l, "picture.chart_down", nil)})
	}
	for i, s := range all {
		b, err := plotter.NewBarChart(s.v, width)
		if err != nil {
			return nil, fmt.Errorf("trends chart: %w", err)
		}
		b.Color, b.LineStyle.Width, b.Offset = s.c, 0, width*(vg.Length(i)-vg.Length(len(all)-1)/2)
		p.Add(b)
		p.Legend.Add(s.label, b)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size, p.Legend.TextStyle.Font.Variant = vg.Points(12), "Sans"
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.7, float64(len(t.Weeks))-0.3 // room for the outer bars
	p.Y.Min, p.Y.Max = 0, float64(max(top, 4))*1.25    // room for the legend
	p.Y.Tick.Marker = wholeTicks{}
	p.Add(plotter.NewGrid())
	// Straight onto an image canvas: plot.WriterTo would link in every
	// backend (PDF, SVG, EPS) for nothing.
	c := vgimg.NewWith(vgimg.UseWH(chartWidth, chartHeight), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(color.White))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("trends chart: %w", err)
	}
	return buf.Bytes(), nil
}

// wholeTicks marks the y axis in whole numbers: one-to-ones come whole.
type wholeTicks struct{}

// Ticks gives about five labelled whole steps from min to max.
func (wholeTicks) Ticks(min, max float64) []plot.Tick {
	step := 1
	for float64(step)*6 < max-min {
		switch {
		case step == 1:
			step = 2
		case step == 2:
			step = 5
		default:
			step *= 2
		}
	}
	var ts []plot.Tick
	for v := 0; float64(v) <= max; v += step {
		if float64(v) >= min {
			ts = append(ts, plot.Tick{Value: float64(v), Label: fmt.Sprint(v)})
		}
	}
	return ts
}
