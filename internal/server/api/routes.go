package api

import (
	"net/http"

	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/store"
)

// routes is every API call with the permission it needs.
func (s *Server) routes() []route {
	read, write, admin := auth.ActionRead, auth.ActionWrite, auth.ActionAdmin
	rs := []route{
		{pattern: "POST /api/v1/authenticate", public: true, handle: s.handleAuthenticate},
		{pattern: "GET /healthz", public: true, handle: s.healthz},
		{pattern: "GET /readyz", public: true, handle: s.readyz},
		{pattern: "GET /api/openapi.json", public: true, handle: s.serveOpenAPI},

		{pattern: "GET /api/v1/sim", action: read, handle: s.listSIMs},
		{pattern: "GET /api/v1/sim/{sim_id}", action: read, handle: s.getSIM},
		{pattern: "PATCH /api/v1/sim/{sim_id}", action: write, handle: s.patchSIM},
		{pattern: "GET /api/v1/sim/{sim_id}/event", action: read, handle: s.listEvents},
		{pattern: "GET /api/v1/sim_batch/bic/{bic}", action: read, handle: s.getBatch},
		{pattern: "PATCH /api/v1/sim_batch/bic/{bic}", action: write, handle: s.registerBatch},
		{pattern: "POST /api/v1/sim_batch", action: admin, handle: s.importBatch},

		{pattern: "GET /api/v1/endpoint", action: read, handle: s.listEndpoints},
		{pattern: "POST /api/v1/endpoint", action: write, handle: s.createEndpoints},
		{pattern: "POST /api/v2/endpoint/multi", action: write, handle: s.createEndpointsMulti},
		{pattern: "PATCH /api/v2/endpoint/multi", action: write, handle: s.patchEndpointsMulti},
		{pattern: "GET /api/v1/endpoint/{endpoint_id}", action: read, handle: s.getEndpoint},
		{pattern: "PATCH /api/v1/endpoint/{endpoint_id}", action: write, handle: s.patchEndpoint},
		{pattern: "DELETE /api/v1/endpoint/{endpoint_id}", action: write, handle: s.deleteEndpoint},
		{pattern: "GET /api/v1/endpoint/{endpoint_id}/event", action: read, handle: s.listEndpointEvents},
		{pattern: "GET /api/v1/endpoint/{endpoint_id}/operator_blacklist", action: read, handle: s.listBlacklist},
		{pattern: "PUT /api/v1/endpoint/{endpoint_id}/operator_blacklist/{operator_id}", action: write, handle: s.blacklistOperator},
		{pattern: "DELETE /api/v1/endpoint/{endpoint_id}/operator_blacklist/{operator_id}", action: write, handle: s.unblacklistOperator},

		{pattern: "GET /api/v1/service_profile", action: read, handle: s.listServiceProfiles},
		{pattern: "POST /api/v1/service_profile", action: write, handle: s.createServiceProfile},
		{pattern: "GET /api/v1/service_profile/{profile_id}", action: read, handle: s.getServiceProfile},
		{pattern: "PATCH /api/v1/service_profile/{profile_id}", action: write, handle: s.patchServiceProfile},
		{pattern: "DELETE /api/v1/service_profile/{profile_id}", action: write, handle: s.deleteServiceProfile},
		{pattern: "GET /api/v1/tariff_profile", action: read, handle: s.listTariffProfiles},
		{pattern: "POST /api/v1/tariff_profile", action: write, handle: s.createTariffProfile},
		{pattern: "GET /api/v1/tariff_profile/{profile_id}", action: read, handle: s.getTariffProfile},
		{pattern: "PATCH /api/v1/tariff_profile/{profile_id}", action: write, handle: s.patchTariffProfile},
		{pattern: "DELETE /api/v1/tariff_profile/{profile_id}", action: write, handle: s.deleteTariffProfile},
		// Callbacks send the organisation's events elsewhere: admins only.
		{pattern: "GET /api/v1/api_callback", action: read, handle: s.listCallbacks},
		{pattern: "POST /api/v1/api_callback", action: admin, handle: s.createCallback},
		{pattern: "GET /api/v1/api_callback/{callback_id}", action: read, handle: s.getCallback},
		{pattern: "DELETE /api/v1/api_callback/{callback_id}", action: admin, handle: s.deleteCallback},

		{pattern: "GET /api/v1/event", action: read, handle: s.listEvents},
		{pattern: "GET /api/v1/event/type", action: read, handle: s.listEventTypes},
		{pattern: "GET /api/v1/operator", action: read, handle: s.listOperators},

		{pattern: "GET /api/v1/user", action: admin, handle: s.listUsers},
		{pattern: "POST /api/v1/user", action: admin, handle: s.createUser},
		{pattern: "GET /api/v1/user/{user_id}", action: admin, handle: s.getUser},
		{pattern: "PATCH /api/v1/user/{user_id}", action: admin, handle: s.patchUser},
		{pattern: "GET /api/v1/application_token", action: read, handle: s.listTokens},
		{pattern: "POST /api/v1/application_token", action: read, handle: s.createToken},
		{pattern: "DELETE /api/v1/application_token/{token_id}", action: read, handle: s.revokeToken},
		{pattern: "GET /api/v1/audit_log", action: admin, handle: s.listAudit},
	}
	rs = append(rs, s.quotaRoutes(store.QuotaData)...)
	rs = append(rs, s.quotaRoutes(store.QuotaSMS)...)
	return rs
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request, _ *principal) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says whether the database answers: a replica that cannot reach
// it should get no traffic.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request, _ *principal) {
	if err := s.Store.Ping(r.Context()); err != nil {
		s.log.WarnContext(r.Context(), "not ready", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "the database does not answer"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
