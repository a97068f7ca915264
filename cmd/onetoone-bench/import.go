package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/onetoone/onetoone/bot/slacktest"
	"github.com/onetoone/onetoone/models"
)

// runImport is BENCHMARKS.md's "Roster import": importing a campaign's roster from a spreadsheet
// (models.ImportRoster), first into an empty roster, then the same file
// again (every line unchanged or skipped), on each store.
func runImport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	rows := fs.Int("rows", 5000, "lines of people in the file, about 10% of them repeating an earlier person")
	stores := fs.String("stores", "sqlite,postgres", "stores")
	runs := fs.Int("runs", 3, "repetitions, each on a fresh store, for the spread")
	if err := fs.Parse(args); err != nil {
		return err
	}
	file := rosterFile(*rows)
	fmt.Printf("# roster file: %d lines of people, %d KB\n", *rows, len(file)/1024)
	t := newTable("store", "lines", "added", "skipped", "first import", "re-import", "dry run", "first, lines/s")
	coordinator := &models.Member{ID: "UCOORD", Role: models.RoleCoordinator}
	for _, kind := range splitList(*stores) {
		var firsts, agains, drys []float64
		var last *models.ImportReport
		for range *runs {
			st, err := openStore(ctx, kind, time.Now, "")
			if err != nil {
				return err
			}
			g, err := st.DefaultGroup(ctx, slacktest.TeamID)
			if err != nil {
				st.close()
				return err
			}
			s := st.In(g.ID)
			imp := func(dry bool) (*models.ImportReport, float64, error) {
				start := time.Now()
				rep, err := s.ImportRoster(ctx, coordinator, bytes.NewReader(file), models.ImportOptions{DryRun: dry})
				return rep, msOf(time.Since(start)), err
			}
			rep, first, err := imp(false)
			if err == nil {
				var again *models.ImportReport
				var ms float64
				again, ms, err = imp(false)
				if err == nil && len(again.Added)+len(again.Merged) != 0 {
					err = fmt.Errorf("re-import added %d, merged %d: want nothing", len(again.Added), len(again.Merged))
				}
				agains = append(agains, ms)
				if err == nil {
					_, ms, err = imp(true)
					drys = append(drys, ms)
				}
			}
			st.close()
			if err != nil {
				return err
			}
			firsts = append(firsts, first)
			last = rep
		}
		f := spreadOf(firsts)
		t.row(kind, fmt.Sprint(last.Rows()), fmt.Sprint(len(last.Added)), fmt.Sprint(len(last.Skipped)),
			f.ms(), spreadOf(agains).ms(), spreadOf(drys).ms(), fmt.Sprintf("%.0f", float64(last.Rows())/(f.med/1000)))
	}
	t.flush()
	return nil
}

// rosterFile is a realistic roster export: First/Last names (some shared
// by two people told apart by email), emails, phones in several
// spellings, departments, sites and shifts, notes on some; every tenth
// line repeats an earlier person, in other case and phone formatting.
func rosterFile(rows int) []byte {
	r := rand.New(rand.NewPCG(14, 2026))
	firsts := strings.Fields("Maria Jose Ana Luis Carmen Juan Rosa Carlos Elena Pedro Sofia Miguel Laura David Lucia Jorge Marta Pablo Isabel Diego Sarah John Mary James Linda Robert Patricia Michael Jennifer William Aisha Omar Fatima Ali Mei Wei Priya Ravi Kwame Ama Olga Ivan Nadia Tomas Grace Samuel Ruth Daniel Esther Joseph")
	lasts := strings.Fields("Lopez Garcia Martinez Rodriguez Hernandez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Gomez Diaz Cruz Morales Reyes Gutierrez Ortiz Chavez Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Nguyen Kim Patel Okafor Mensah Ivanova Kowalski Novak Cohen Ali")
	depts := strings.Fields("Kitchen Laundry Housekeeping Maintenance Nursing Pharmacy Radiology Transport Security Reception Billing Dietary")
	sites := []string{"North Tower", "South Tower", "Annex", "Clinic", "Warehouse"}
	shifts := []string{"Days", "Evenings", "Nights"}
	type person struct{ first, last, email, phone, dept, site, shift, notes string }
	var people []person
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"First name", "Last name", "Email", "Cell phone", "Dept", "Location", "Shift", "Rating", "Notes"})
	for i := range rows {
		if i%10 == 9 && len(people) > 0 {
			p := people[r.IntN(len(people))]
			phone := strings.NewReplacer("(", "", ")", "", " ", ".", "-", ".").Replace(p.phone)
			w.Write([]string{strings.ToUpper(p.first), strings.ToLower(p.last), strings.ToUpper(p.email), phone, "", "", "", "", ""})
			continue
		}
		p := person{
			first: firsts[r.IntN(len(firsts))], last: lasts[r.IntN(len(lasts))],
			phone: fmt.Sprintf("(%03d) %03d-%04d", 200+r.IntN(700), r.IntN(1000), i),
			dept:  depts[r.IntN(len(depts))], site: sites[r.IntN(len(sites))], shift: shifts[r.IntN(len(shifts))],
		}
		p.email = fmt.Sprintf("%s.%s%d@example.org", strings.ToLower(p.first), strings.ToLower(p.last), i)
		if r.IntN(5) == 0 {
			p.notes = "Talked at the " + strings.ToLower(p.shift) + " break room; cares about staffing.\nFollow up after payday."
		}
		people = append(people, p)
		w.Write([]string{p.first, p.last, p.email, p.phone, p.dept, p.site, p.shift, fmt.Sprint(1 + r.IntN(5)), p.notes})
	}
	w.Flush()
	return b.Bytes()
}
