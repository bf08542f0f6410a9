package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// list runs a page of a list query. from is "FROM ... WHERE <org scope>"
// with its args; columns is the SELECT list; fields say what q may name;
// order is the default ordering and the tie breaker ("s.id").
func list[T any](ctx context.Context, s *DB, columns, from string, args []any, fields store.Fields, q store.ListQuery, order string, scan func(*sql.Rows) (T, error)) ([]T, int, error) {
	return listCounted(ctx, s, columns, from, from, args, fields, q, order, scan)
}

// listCounted is list with the count of the matching rows read from
// countFrom, which may leave out joins the filters do not need.
func listCounted[T any](ctx context.Context, s *DB, columns, from, countFrom string, args []any, fields store.Fields, q store.ListQuery, order string, scan func(*sql.Rows) (T, error)) ([]T, int, error) {
	if err := q.Check(fields); err != nil {
		return nil, 0, err
	}
	count, page := listStatements(columns, from, countFrom, args, fields, q, order)
	var total int
	if err := s.queryRow(ctx, count.SQL, count.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 || q.Offset() >= total {
		return nil, total, nil
	}
	rows, err := s.queryRows(ctx, page.SQL, page.Args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := make([]T, 0, min(q.PerPage, total))
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// Statement is one SQL statement and its arguments.
type Statement struct {
	SQL  string
	Args []any
}

// listStatements are the statements of a page of a list query, with ?
// placeholders: the count of the matching rows (from countFrom) and the
// page itself. The order breaks ties unless a sort field is unique, so
// that an index on that field alone can give the page in order. q must
// have passed q.Check(fields).
func listStatements(columns, from, countFrom string, args []any, fields store.Fields, q store.ListQuery, order string) (count, page Statement) {
	where, wargs := filters(fields, q.Filter)
	args = append(append([]any(nil), args...), wargs...)
	var ob []string
	unique := false
	for _, o := range q.Sort {
		f, _ := fields.Find(o.Field)
		dir := " ASC"
		if o.Desc {
			dir = " DESC"
		}
		ob = append(ob, f.Column+dir)
		unique = unique || f.Unique
	}
	if !unique {
		ob = append(ob, order)
	}
	count = Statement{"SELECT COUNT(*) " + countFrom + where, args}
	page = Statement{"SELECT " + columns + " " + from + where + " ORDER BY " + strings.Join(ob, ", ") + " LIMIT ? OFFSET ?",
		append(append([]any(nil), args...), q.PerPage, q.Offset())}
	return count, page
}

// filters turns q's filters into SQL conditions on the fields' columns.
func filters(fields store.Fields, fs []store.Filter) (string, []any) {
	var b strings.Builder
	var args []any
	for _, f := range fs {
		d, _ := fields.Find(f.Field)
		if d.Nullable && f.Value == store.NullValue {
			b.WriteString(" AND " + d.Column + " IS NULL")
			continue
		}
		switch d.Match {
		case store.MatchExact:
			b.WriteString(" AND " + d.Column + " = ?")
			if d.Number {
				n, _ := strconv.ParseInt(f.Value, 10, 64) // checked by ListQuery.Check
				args = append(args, n)
			} else {
				args = append(args, f.Value)
			}
		case store.MatchPrefix:
			// LOWER on both sides: SQLite's LIKE ignores the case of ASCII
			// letters and PostgreSQL's does not; this way both ignore it.
			p := strings.ToLower(f.Value)
			b.WriteString(" AND LOWER(" + d.Column + ") LIKE ? ESCAPE '\\'")
			args = append(args, escapeLike(p)+"%")
			// The same prefix as a range of the lowered column, which an
			// index on it serves (neither database uses one for a LIKE on
			// an expression): the strings from p up to, not including, p
			// with its last byte one higher. Only for an ASCII last byte,
			// so that the bound is valid UTF-8.
			if n := len(p); n > 0 && p[n-1] < 0x7f {
				b.WriteString(" AND LOWER(" + d.Column + ") >= ? AND LOWER(" + d.Column + ") < ?")
				args = append(args, p, p[:n-1]+string(p[n-1]+1))
			}
		case store.MatchContains:
			b.WriteString(" AND LOWER(" + d.Column + ") LIKE ? ESCAPE '\\'")
			args = append(args, "%"+escapeLike(strings.ToLower(f.Value))+"%")
		}
	}
	return b.String(), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
