package api

// RoutePatterns lists every route's pattern ("GET /api/v1/sim"), for the
// tests that hold the routes to the OpenAPI document.
func RoutePatterns(s *Server) []string {
	var out []string
	for _, rt := range s.routes() {
		out = append(out, rt.pattern)
	}
	return out
}

// JSONable is jsonable, for its test.
var JSONable = jsonable
