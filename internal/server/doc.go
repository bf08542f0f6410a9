// Package server holds what only cellgate-server runs: the fleet
// platform's store, API, and the parts built on them. Nothing under it is
// imported by the router's binary (cmd/cellgate).
package server
