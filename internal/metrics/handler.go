package metrics

import "net/http"

// Handler serves the registry in the text format to GET and HEAD requests.
// It does not compress: a gzip writer costs about a megabyte of heap per
// scrape, far more than the text it would shrink.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", ContentType)
		if req.Method == http.MethodHead {
			return
		}
		// An error here means the client went away; the status is sent.
		_ = r.WriteText(w)
	})
}
