package models_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

var (
	rosterCoord     = &models.Member{ID: "UCOORD", Role: models.RoleCoordinator}
	rosterOrganizer = &models.Member{ID: "UORG", Role: models.RoleMember}
)

func TestPersonAccessOf(t *testing.T) {
	roster := &models.Person{ID: 1, Name: "Maria Lopez"}
	linked := &models.Person{ID: 2, Name: "Sam Okafor", SlackID: "USAM"}
	own := &models.Person{ID: 3, Name: "Jo", OwnerID: "UORG"}
	for _, tt := range []struct {
		name     string
		viewer   *models.Member
		p        *models.Person
		assignee models.UserID
		want     models.PersonAccess
	}{
		{"OKCoordinator", rosterCoord, roster, "", models.PersonFull},
		{"OKCoordinatorOwnContactOfOther", rosterCoord, own, "", models.PersonFull},
		{"SharedAssigned", rosterOrganizer, roster, "UORG", models.PersonShared},
		{"SharedOwnContact", rosterOrganizer, own, "", models.PersonShared},
		{"ErrOrganizerNotAssigned", rosterOrganizer, roster, "UOTHER", models.PersonHidden},
		{"ErrOrganizerNobodyAssigned", rosterOrganizer, roster, "", models.PersonHidden},
		{"ErrThemselves", &models.Member{ID: "USAM"}, linked, "USAM", models.PersonHidden},
		{"ErrThemselvesCoordinator", &models.Member{ID: "USAM", Role: models.RoleCoordinator}, linked, "", models.PersonHidden},
		{"ErrAdminNotCoordinator", &models.Member{ID: "UADM", IsAdmin: true}, roster, "", models.PersonHidden},
		{"ErrNobody", nil, roster, "", models.PersonHidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := models.PersonAccessOf(tt.viewer, tt.p, tt.assignee); got != tt.want {
				t.Errorf("PersonAccessOf = %v, want %v", got, tt.want)
			}
			if got := models.MayReadPerson(tt.viewer, tt.p, tt.assignee); got != (tt.want != models.PersonHidden) {
				t.Errorf("MayReadPerson = %v", got)
			}
		})
	}
}

func TestPersonClean(t *testing.T) {
	for _, tt := range []struct {
		name  string
		p     models.Person
		field string
	}{
		{"OK", models.Person{Name: "  Maria   Lopez ", Email: " maria@example.org ", Phone: "(555) 010-2030"}, ""},
		{"ErrNoName", models.Person{Name: "  "}, models.PersonFieldName},
		{"ErrLongName", models.Person{Name: strings.Repeat("a", models.MaxNameLen+1)}, models.PersonFieldName},
		{"ErrEmailNoAt", models.Person{Name: "Maria", Email: "maria.example.org"}, models.PersonFieldEmail},
		{"ErrEmailNoDot", models.Person{Name: "Maria", Email: "maria@example"}, models.PersonFieldEmail},
		{"ErrEmailSpace", models.Person{Name: "Maria", Email: "maria lopez@example.org"}, models.PersonFieldEmail},
		{"ErrPhoneNoDigits", models.Person{Name: "Maria", Phone: "call her"}, models.PersonFieldPhone},
		{"ErrSiteLong", models.Person{Name: "Maria", Site: strings.Repeat("w", models.MaxRosterValueLen+1)}, models.PersonFieldSite},
		{"ErrNotesLong", models.Person{Name: "Maria", Notes: strings.Repeat("n", models.MaxNotesLen+1)}, models.PersonFieldNotes},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Clean()
			var fe *models.FieldError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("Clean = %v", err)
			case tt.field == "":
				if tt.p.Name != "Maria Lopez" || tt.p.Email != "maria@example.org" {
					t.Errorf("cleaned = %+v", tt.p)
				}
			case !errors.As(err, &fe) || fe.Field != tt.field || models.ErrorCode(err) != models.EINVALID:
				t.Errorf("Clean = %v, want a field error on %s", err, tt.field)
			}
		})
	}
}

// fieldOf is the field a FieldError names, "" for any other error.
func fieldOf(err error) string {
	var fe *models.FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

func rosterCount(t *testing.T, s *models.Store) int64 {
	t.Helper()
	var n int64
	if err := s.DB().Model(&models.Person{}).Where("owner_id = ''").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAddPerson(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		maria := &models.Person{Name: "Maria Lopez", Email: "Maria@Example.org", Phone: "555 010 2030", Site: "Ward 3", Notes: "met at the rally"}
		if err := s.AddPerson(ctx, rosterCoord, maria); err != nil {
			t.Fatalf("AddPerson: %v", err)
		}
		if maria.ID == 0 || maria.OwnerID != "" || maria.EmailKey != "maria@example.org" || maria.Notes != "met at the rally" {
			t.Errorf("added = %+v", maria)
		}

		t.Run("ErrOrganizer", func(t *testing.T) {
			err := s.AddPerson(ctx, rosterOrganizer, &models.Person{Name: "Jo Bloggs"})
			if models.ErrorCode(err) != models.EUNAUTHORIZED || !strings.Contains(models.ErrorMessage(err), "coordinators") {
				t.Errorf("organizer adds: %v", err)
			}
		})
		t.Run("ErrUnscoped", func(t *testing.T) {
			if err := s.In(0).AddPerson(ctx, rosterCoord, &models.Person{Name: "Jo Bloggs"}); models.ErrorCode(err) != models.EINTERNAL {
				t.Errorf("unscoped add: %v", err)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			err := s.AddPerson(ctx, rosterCoord, &models.Person{Name: "Jo", Email: "jo-at-home"})
			if fieldOf(err) != models.PersonFieldEmail {
				t.Errorf("bad email: %v", err)
			}
		})
		t.Run("ErrDuplicateEmail", func(t *testing.T) {
			err := s.AddPerson(ctx, rosterCoord, &models.Person{Name: "maria  LOPEZ", Email: "maria@example.org "})
			if models.ErrorCode(err) != models.ECONFLICT || fieldOf(err) != models.PersonFieldName || !strings.Contains(models.ErrorMessage(err), "Maria Lopez") {
				t.Errorf("same name and email: %v", err)
			}
		})
		t.Run("ErrDuplicatePhone", func(t *testing.T) {
			err := s.AddPerson(ctx, rosterCoord, &models.Person{Name: "Maria Lopez", Phone: "(555) 010-2030"})
			if models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("same name and phone: %v", err)
			}
		})
		t.Run("OKSameNameOtherEmail", func(t *testing.T) {
			if err := s.AddPerson(ctx, rosterCoord, &models.Person{Name: "Maria Lopez", Email: "m.lopez@example.net"}); err != nil {
				t.Errorf("another Maria Lopez: %v", err)
			}
		})
		t.Run("OKSameNameNoContact", func(t *testing.T) {
			if err := s.AddPerson(ctx, rosterCoord, &models.Person{Name: "Maria Lopez"}); err != nil {
				t.Errorf("a Maria Lopez without contact details: %v", err)
			}
		})
		if n := rosterCount(t, s); n != 3 {
			t.Errorf("roster holds %d people, want 3: nothing stored on a refusal", n)
		}
	})
}

func TestAddPersonRoleIsTheGroups(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if err := s.SaveMember(ctx, &models.Member{ID: "UA", TeamID: storetest.TeamID}); err != nil {
			t.Fatal(err)
		}
		north, err := s.CreateGroup(ctx, storetest.TeamID, "North", "UA")
		if err != nil {
			t.Fatal(err)
		}
		ua, err := s.In(north.ID).Member(ctx, "UA")
		if err != nil || !ua.IsCoordinator() {
			t.Fatalf("UA in north = %+v, %v", ua, err)
		}
		if err := s.In(north.ID).AddPerson(ctx, ua, &models.Person{Name: "Maria Lopez"}); err != nil {
			t.Errorf("north's coordinator adds to north: %v", err)
		}
		if err := s.AddPerson(ctx, ua, &models.Person{Name: "Maria Lopez"}); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("north's coordinator adds to the default group: %v, want refused", err)
		}
	})
}

func TestUpdatePerson(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		maria := &models.Person{Name: "Maria Lopez", Email: "maria@example.org", Notes: "first"}
		jo := &models.Person{Name: "Jo Bloggs", Email: "jo@example.org"}
		for _, p := range []*models.Person{maria, jo} {
			if err := s.AddPerson(ctx, rosterCoord, p); err != nil {
				t.Fatal(err)
			}
		}
		clock.Advance(60 * 60 * 1e9)
		edit := &models.Person{ID: maria.ID, Name: "María López", Email: "maria@example.org", Shift: "Nights", Notes: "second"}
		if err := s.UpdatePerson(ctx, rosterCoord, edit); err != nil {
			t.Fatalf("UpdatePerson: %v", err)
		}
		got, _, err := s.RosterPerson(ctx, rosterCoord, maria.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "María López" || got.NameKey != "maría lópez" || got.Shift != "Nights" || got.Notes != "second" || !got.UpdatedAt.After(got.CreatedAt) {
			t.Errorf("after edit = %+v", got)
		}

		// Jo renamed to Maria's name with Maria's email is Maria twice.
		err = s.UpdatePerson(ctx, rosterCoord, &models.Person{ID: jo.ID, Name: "maría lópez", Email: "MARIA@example.org"})
		if models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("edit into a duplicate: %v", err)
		}
		// Saving Maria as she is is no duplicate of herself.
		if err := s.UpdatePerson(ctx, rosterCoord, &models.Person{ID: maria.ID, Name: "María López", Email: "maria@example.org"}); err != nil {
			t.Errorf("save unchanged: %v", err)
		}
		if err := s.UpdatePerson(ctx, rosterOrganizer, &models.Person{ID: jo.ID, Name: "Jo"}); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("organizer edits: %v", err)
		}
		if err := s.UpdatePerson(ctx, rosterCoord, &models.Person{ID: 9999, Name: "Nobody"}); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("edit of nobody: %v", err)
		}
		if got, _, _ := s.RosterPerson(ctx, rosterCoord, jo.ID); got.Name != "Jo Bloggs" {
			t.Errorf("a refused edit changed Jo: %+v", got)
		}
	})
}

func TestRosterPerson(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		maria := &models.Person{Name: "Maria Lopez", Email: "maria@example.org", Phone: "555 0102", Site: "Ward 3", Notes: "worried about nights", SlackID: "USAM"}
		if err := s.AddPerson(ctx, rosterCoord, maria); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().Create(&models.Assignment{GroupID: s.Scope(), PersonID: maria.ID, OrganizerID: "UORG", AssignedBy: "UCOORD", CreatedAt: t0}).Error; err != nil {
			t.Fatal(err)
		}

		got, access, err := s.RosterPerson(ctx, rosterCoord, maria.ID)
		if err != nil || access != models.PersonFull || got.Notes != "worried about nights" || got.Email != "maria@example.org" || len(got.NotesBody) != 0 {
			t.Errorf("coordinator reads %+v, %v, %v", got, access, err)
		}
		got, access, err = s.RosterPerson(ctx, rosterOrganizer, maria.ID)
		if err != nil || access != models.PersonShared || got.Name != "Maria Lopez" || got.Site != "Ward 3" {
			t.Fatalf("assigned organizer reads %+v, %v, %v", got, access, err)
		}
		if got.Notes != "" || got.NotesBody != nil {
			t.Errorf("assigned organizer sees the coordinators' notes: %+v", got)
		}
		if got.Email != "maria@example.org" {
			t.Errorf("assigned organizer can't reach her: email %q", got.Email)
		}
		if _, _, err := s.RosterPerson(ctx, &models.Member{ID: "UOTHER"}, maria.ID); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("another organizer reads: %v", err)
		}
		_, _, err = s.RosterPerson(ctx, &models.Member{ID: "USAM", Role: models.RoleCoordinator}, maria.ID)
		if models.ErrorCode(err) != models.EUNAUTHORIZED || !strings.Contains(models.ErrorMessage(err), "about you") {
			t.Errorf("the person herself reads: %v", err)
		}
		if _, _, err := s.RosterPerson(ctx, rosterCoord, 9999); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("nobody: %v", err)
		}
		// Another group's store does not see her.
		north, err := s.CreateGroup(ctx, storetest.TeamID, "North", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.In(north.ID).RosterPerson(ctx, rosterCoord, maria.ID); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("read from another group: %v", err)
		}
	})
}

// TestRosterNotesSealed is the database dump test for notes: with a
// sealer, what coordinators wrote is not in the database, yet they read it.
func TestRosterNotesSealed(t *testing.T) {
	clock := storetest.NewClock(t0)
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		raw := func(s *models.Store, id models.PersonID) []byte {
			var body []byte
			if err := s.DB().Raw("SELECT notes FROM people WHERE id = ?", id).Row().Scan(&body); err != nil {
				t.Fatal(err)
			}
			return body
		}
		secret := "afraid of losing her visa"
		s := mustOpenSealed(t, url, clock.Now, mustSealer(t, testKey(7)))
		p := &models.Person{Name: "Maria Lopez", Notes: secret}
		if err := s.AddPerson(ctx, rosterCoord, p); err != nil {
			t.Fatal(err)
		}
		if body := raw(s, p.ID); len(body) == 0 || bytes.Contains(body, []byte("visa")) {
			t.Errorf("notes stored in clear: %q", body)
		}
		if err := s.UpdatePerson(ctx, rosterCoord, &models.Person{ID: p.ID, Name: "Maria Lopez", Notes: secret + " again"}); err != nil {
			t.Fatal(err)
		}
		if body := raw(s, p.ID); bytes.Contains(body, []byte("visa")) {
			t.Errorf("edited notes stored in clear: %q", body)
		}
		got, _, err := s.RosterPerson(ctx, rosterCoord, p.ID)
		if err != nil || got.Notes != secret+" again" {
			t.Errorf("coordinator reads %q, %v", got.Notes, err)
		}
		// Control: without a sealer the same check sees the words.
		plain := mustOpenSealed(t, url, clock.Now, nil)
		q := &models.Person{Name: "Jo Bloggs", Notes: secret}
		if err := plain.AddPerson(ctx, rosterCoord, q); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(raw(plain, q.ID), []byte("visa")) {
			t.Fatal("control: plain notes not found; the dump check proves nothing")
		}
	})
}

func TestLinkPerson(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		maria := &models.Person{Name: "Maria Lopez"}
		jo := &models.Person{Name: "Jo Bloggs"}
		for _, p := range []*models.Person{maria, jo} {
			if err := s.AddPerson(ctx, rosterCoord, p); err != nil {
				t.Fatal(err)
			}
		}
		slackOf := func(id models.PersonID) models.UserID {
			p, _, err := s.RosterPerson(ctx, rosterCoord, id)
			if err != nil {
				t.Fatal(err)
			}
			return p.SlackID
		}
		if err := s.LinkPerson(ctx, rosterCoord, maria.ID, "USAM"); err != nil {
			t.Fatalf("link: %v", err)
		}
		if got := slackOf(maria.ID); got != "USAM" {
			t.Errorf("maria linked to %q", got)
		}
		err := s.LinkPerson(ctx, rosterCoord, jo.ID, "USAM")
		if models.ErrorCode(err) != models.ECONFLICT || !strings.Contains(models.ErrorMessage(err), "Maria Lopez") {
			t.Errorf("second link to one account: %v", err)
		}
		if err := s.UpdatePerson(ctx, rosterCoord, &models.Person{ID: jo.ID, Name: "Jo Bloggs", SlackID: "USAM"}); fieldOf(err) != models.PersonFieldSlack {
			t.Errorf("edit linking a taken account: %v", err)
		}
		if err := s.AddPerson(ctx, rosterCoord, &models.Person{Name: "Sam", SlackID: "USAM"}); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("add linking a taken account: %v", err)
		}
		if err := s.LinkPerson(ctx, rosterOrganizer, jo.ID, "UJO"); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("organizer links: %v", err)
		}
		if err := s.LinkPerson(ctx, rosterCoord, maria.ID, "USAM"); err != nil {
			t.Errorf("linking again to the same account: %v", err)
		}
		if err := s.LinkPerson(ctx, rosterCoord, maria.ID, ""); err != nil {
			t.Fatalf("unlink: %v", err)
		}
		if got := slackOf(maria.ID); got != "" {
			t.Errorf("after unlink maria is %q", got)
		}
		if err := s.LinkPerson(ctx, rosterCoord, jo.ID, "USAM"); err != nil {
			t.Errorf("link to a freed account: %v", err)
		}
	})
}

func TestLinkByEmail(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		add := func(st *models.Store, p *models.Person) *models.Person {
			t.Helper()
			if err := st.AddPerson(ctx, rosterCoord, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		north, err := s.CreateGroup(ctx, storetest.TeamID, "North", "")
		if err != nil {
			t.Fatal(err)
		}
		elsewhere, err := s.CreateGroup(ctx, "TOTHER", "Far", "")
		if err != nil {
			t.Fatal(err)
		}
		maria := add(s, &models.Person{Name: "Maria Lopez", Email: "maria@example.org"})
		mariaNorth := add(s.In(north.ID), &models.Person{Name: "M. Lopez", Email: "MARIA@example.org"})
		mariaFar := add(s.In(elsewhere.ID), &models.Person{Name: "Maria Lopez", Email: "maria@example.org"})
		twinA := add(s, &models.Person{Name: "Ann Twin", Email: "family@example.org"})
		twinB := add(s, &models.Person{Name: "Bea Twin", Email: "family@example.org"})
		// An organizer's own contact is theirs, not the roster's.
		own := models.Person{GroupID: s.Scope(), OwnerID: "UORG", Name: "Own Contact", Email: "own@example.org"}
		if err := s.DB().Create(&own).Error; err != nil {
			t.Fatal(err)
		}

		n, err := s.In(0).LinkByEmail(ctx, storetest.TeamID, "USAM", " Maria@Example.org")
		if err != nil || n != 2 {
			t.Errorf("LinkByEmail = %d, %v; want 2 (default group and north)", n, err)
		}
		slackOf := func(id models.PersonID) models.UserID {
			var p models.Person
			if err := s.DB().First(&p, id).Error; err != nil {
				t.Fatal(err)
			}
			return p.SlackID
		}
		for _, tt := range []struct {
			name string
			id   models.PersonID
			want models.UserID
		}{
			{"OKDefault", maria.ID, "USAM"},
			{"OKNorth", mariaNorth.ID, "USAM"},
			{"OtherWorkspace", mariaFar.ID, ""},
		} {
			if got := slackOf(tt.id); got != tt.want {
				t.Errorf("%s: linked to %q, want %q", tt.name, got, tt.want)
			}
		}
		// Twice is once.
		if n, err := s.In(0).LinkByEmail(ctx, storetest.TeamID, "USAM", "maria@example.org"); err != nil || n != 0 {
			t.Errorf("again = %d, %v", n, err)
		}
		// Another member with the same address takes nobody already linked.
		if n, err := s.In(0).LinkByEmail(ctx, storetest.TeamID, "UOTHER", "maria@example.org"); err != nil || n != 0 {
			t.Errorf("second member = %d, %v", n, err)
		}
		// Two people share an address: a coordinator chooses, not the bot.
		if n, _ := s.In(0).LinkByEmail(ctx, storetest.TeamID, "UTWIN", "family@example.org"); n != 0 || slackOf(twinA.ID) != "" || slackOf(twinB.ID) != "" {
			t.Errorf("shared address linked %d", n)
		}
		if n, _ := s.In(0).LinkByEmail(ctx, storetest.TeamID, "UOWN", "own@example.org"); n != 0 || slackOf(own.ID) != "" {
			t.Errorf("an organizer's own contact was linked")
		}
		// A member already linked in the group is not linked twice there.
		if err := s.LinkPerson(ctx, rosterCoord, twinA.ID, "UTWIN"); err != nil {
			t.Fatal(err)
		}
		add(s, &models.Person{Name: "Third", Email: "third@example.org"})
		if n, _ := s.In(0).LinkByEmail(ctx, storetest.TeamID, "UTWIN", "third@example.org"); n != 0 {
			t.Errorf("a member linked twice in one group")
		}
	})
}

// TestLinkPersonRace: two coordinators linking one Slack account to two
// people at once: one wins, the other is told who has it.
func TestLinkPersonRace(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, clock.Now, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		var ids []models.PersonID
		for _, name := range []string{"Maria Lopez", "Jo Bloggs"} {
			p := &models.Person{Name: name}
			if err := s.AddPerson(ctx, rosterCoord, p); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		for round := 0; round < 5; round++ {
			errs := make(chan error, 2)
			for _, id := range ids {
				go func() { errs <- s.LinkPerson(ctx, rosterCoord, id, "USAM") }()
			}
			var ok, conflict int
			for range ids {
				switch err := <-errs; models.ErrorCode(err) {
				case "":
					ok++
				case models.ECONFLICT:
					conflict++
				default:
					t.Fatalf("link: %v", err)
				}
			}
			var n int64
			if err := s.DB().Model(&models.Person{}).Where("slack_id = ?", "USAM").Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			if ok != 1 || conflict != 1 || n != 1 {
				t.Fatalf("round %d: %d linked, %d refused, %d people linked; want 1, 1, 1", round, ok, conflict, n)
			}
			for _, id := range ids {
				if err := s.LinkPerson(ctx, rosterCoord, id, ""); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
