package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/metrics"
	"github.com/cellgate/cellgate/internal/retry"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/sealbox"
	"github.com/cellgate/cellgate/internal/server/store"
)

// Options are what the API needs.
type Options struct {
	Store  store.Store
	Signer auth.Signer
	// Box seals SIM PINs and PUKs and users' TOTP secrets at rest.
	Box *sealbox.Box
	// Lockout counts failed sign-ins per e-mail address and per IP.
	Lockout *auth.Lockout
	// IPLimit and TokenLimit bound request rates (429 with Retry-After).
	IPLimit, TokenLimit *auth.Limiter
	// RequireAdminMFA refuses an admin's password sign-in without TOTP.
	RequireAdminMFA bool
	// RefreshTTL is how long a sign-in's refresh token lasts (7 days).
	RefreshTTL time.Duration
	// Wake is called after a change that queued webhook deliveries.
	Wake   func()
	Logger *slog.Logger
	Clock  retry.Clock
	// TrustProxy takes the client's address from X-Forwarded-For.
	TrustProxy bool
	// Metrics, if set, receives request counts and durations.
	Metrics *metrics.Registry
	// SealCallbackSecret seals an api_callback's signing secret for the
	// store; the webhook dispatcher opens it. Without it, a callback with
	// a secret is refused.
	SealCallbackSecret func(plain string) (string, error)
	// LoopbackCallbacks, when it returns true, lets callback URLs aim at
	// loopback addresses (tests, the demo).
	LoopbackCallbacks func() bool
}

// Server serves the API.
type Server struct {
	Options
	log *slog.Logger
	mux *http.ServeMux
	// openapi is the OpenAPI document as JSON, converted once.
	openapi    []byte
	openapiErr error
}

// New builds the API's handler.
func New(o Options) *Server {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Clock == nil {
		o.Clock = retry.OrSystem(nil)
	}
	if o.RefreshTTL == 0 {
		o.RefreshTTL = 7 * 24 * time.Hour
	}
	if o.Wake == nil {
		o.Wake = func() {}
	}
	s := &Server{Options: o, log: o.Logger, mux: http.NewServeMux()}
	s.openapi, s.openapiErr = OpenAPIJSON()
	m := newAPIMetrics(o.Metrics)
	for _, rt := range s.routes() {
		s.mux.Handle(rt.pattern, m.measure(rt.pattern, s.guard(rt)))
	}
	s.mux.HandleFunc("/", s.noRoute)
	return s
}

// route is one API call: its pattern, the permission it needs ("" for
// none: the sign-in itself and the health checks), and its handler.
type route struct {
	pattern string
	action  auth.Action
	public  bool
	handle  func(w http.ResponseWriter, r *http.Request, p *principal)
}

// ServeHTTP runs a request through request ids, the per-IP rate limit
// and the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get("X-Request-Id")
	if id == "" || len(id) > 64 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	w.Header().Set("X-Request-Id", id)
	r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
	if s.IPLimit != nil {
		if ok, after := s.IPLimit.Allow("ip:" + s.clientIP(r)); !ok {
			s.tooMany(w, r, after, "this address is sending requests too fast")
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, after time.Duration, why string) {
	secs := int((after + time.Second - 1) / time.Second)
	secs = max(secs, 1)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	s.fail(w, r, errRateLimited.with("", why+"; retry after "+strconv.Itoa(secs)+" s"))
}

// guard checks the caller's identity and permission before the handler.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.public {
			rt.handle(w, r, nil)
			return
		}
		p, err := s.authenticate(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="cellgate-server"`)
			s.fail(w, r, err)
			return
		}
		if s.TokenLimit != nil {
			if ok, after := s.TokenLimit.Allow("token:" + strconv.FormatInt(p.TokenID, 10)); !ok {
				s.tooMany(w, r, after, "this token is sending requests too fast")
				return
			}
		}
		if !p.Role.Allows(rt.action) {
			s.fail(w, r, errForbidden.with("", "the role "+string(p.Role)+" may not "+string(rt.action)+"; ask an admin"))
			return
		}
		rt.handle(w, r, p)
	})
}

// noRoute answers a path no route has: 405 with Allow when another
// method has it, else 404.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		c := r.Clone(r.Context())
		c.Method = m
		if _, pattern := s.mux.Handler(c); pattern != "/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.fail(w, r, errMethod.with("", r.Method+" is not allowed here; use "+strings.Join(allow, " or ")))
		return
	}
	s.fail(w, r, errNotFound.with("", "no API route "+r.URL.Path))
}

type requestIDKey struct{}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey{}).(string)
	return id
}

// clientIP is the address the request came from.
func (s *Server) clientIP(r *http.Request) string {
	if s.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// actor is who a request acts as, for the audit log.
func (s *Server) actor(r *http.Request, p *principal) store.Actor {
	return store.Actor{OrgID: p.OrgID, UserID: p.UserID, TokenID: p.TokenID, Name: p.Name, IP: s.clientIP(r), RequestID: requestID(r)}
}
