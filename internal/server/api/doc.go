// Package api is cellgate-server's REST API, shaped like emnify's so that
// its users and SDKs find it familiar: /api/v1 resources for SIMs and
// their batches, endpoints with their profiles, quotas and operator
// blacklists, API callbacks (webhooks), events, users, application tokens
// and the audit log.
//
// A client signs in at POST /api/v1/authenticate (an application token,
// or an e-mail, password and TOTP code) and receives a short-lived JWT to
// send as a bearer token. Lists take page, per_page, q=field:value,... and
// sort=-field and answer with Link and X-Total-* headers; a create answers
// 201 with a Location; enums are {id, description}; errors are JSON with a
// stable error_code and error_token and a message that names the field.
// Every route has a required permission: deny by default. The API's
// OpenAPI 3.0 document (openapi.yaml) is served at GET /api/openapi.json.
package api
