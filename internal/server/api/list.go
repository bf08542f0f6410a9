package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// listQuery reads page, per_page, q and sort. Sort values that arrive as
// an SDK's enum name ("DeviceSort.NAME") or value ("ID") are read as the
// field they name.
func listQuery(r *http.Request) (store.ListQuery, error) {
	v := r.URL.Query()
	q := store.ListQuery{Page: 1, PerPage: store.DefaultPerPage}
	var err error
	if s := v.Get("page"); s != "" {
		if q.Page, err = strconv.Atoi(s); err != nil || q.Page < 1 {
			return q, errBadRequest.with("page", "must be a whole number from 1, not "+strconv.Quote(s))
		}
	}
	if s := v.Get("per_page"); s != "" {
		if q.PerPage, err = strconv.Atoi(s); err != nil || q.PerPage < 1 || q.PerPage > store.MaxPerPage {
			return q, errBadRequest.with("per_page", "must be a whole number from 1 to "+strconv.Itoa(store.MaxPerPage)+", not "+strconv.Quote(s))
		}
	}
	if q.Filter, err = store.ParseFilter(v.Get("q")); err != nil {
		return q, err
	}
	sort := v.Get("sort")
	if i := strings.LastIndexByte(sort, '.'); i >= 0 && !strings.Contains(sort, ",") {
		desc := strings.HasPrefix(sort, "-")
		sort = strings.ToLower(sort[i+1:])
		if desc {
			sort = "-" + sort
		}
	}
	// Field names are lower case; emnify's Python SDK sends its SimSort
	// values in capitals ("ID", "PRODUCTION_DATE").
	if q.Sort, err = store.ParseSort(strings.ToLower(sort)); err != nil {
		return q, err
	}
	return q, nil
}

// writeList answers a page of a list with emnify's paging headers. Pages
// is at least 1, as emnify's clients expect even of an empty list.
func writeList[T, J any](w http.ResponseWriter, r *http.Request, q store.ListQuery, items []T, total int, shape func(T) J) {
	pages := max(store.Pages(total, q.PerPage), 1)
	h := w.Header()
	h.Set("X-Total-Count", strconv.Itoa(total))
	h.Set("X-Total-Pages", strconv.Itoa(pages))
	h.Set("X-Count-Per-Page", strconv.Itoa(q.PerPage))
	h.Set("X-Current-Page", strconv.Itoa(q.Page))
	if f := r.URL.Query().Get("q"); f != "" {
		h.Set("X-Filter", f)
	}
	if s := r.URL.Query().Get("sort"); s != "" {
		h.Set("X-Sort", s)
	}
	h.Set("Link", links(r.URL, q.Page, pages))
	out := make([]J, 0, len(items))
	for _, it := range items {
		out = append(out, shape(it))
	}
	writeJSON(w, http.StatusOK, out)
}

// links is the RFC 8288 Link header: first, prev, next and last pages.
func links(u *url.URL, page, pages int) string {
	at := func(p int, rel string) string {
		v := u.Query()
		v.Set("page", strconv.Itoa(p))
		return "<" + u.Path + "?" + v.Encode() + `>; rel="` + rel + `"`
	}
	parts := []string{at(1, "first")}
	if page > 1 {
		parts = append(parts, at(min(page-1, pages), "prev"))
	}
	if page < pages {
		parts = append(parts, at(page+1, "next"))
	}
	parts = append(parts, at(pages, "last"))
	return strings.Join(parts, ", ")
}

// serveList answers a list call: the page the request's parameters name,
// fetched with fetch and written in shape with emnify's paging headers.
func serveList[T, J any](s *Server, w http.ResponseWriter, r *http.Request, fetch func(context.Context, store.ListQuery) ([]T, int, error), shape func(T) J) {
	q, err := listQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, total, err := fetch(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeList(w, r, q, items, total, shape)
}
