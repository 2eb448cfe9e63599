/*
 * kuzet serve: the editorial web app and the public pages over HTTP
 * (libmicrohttpd).  Routes are listed in docs/ARCHITECTURE.md and
 * kuzet(1).
 */
#ifndef KUZET_SERVER_H
#define KUZET_SERVER_H

#include <stddef.h>

#include "kuzet/base.h"
#include "kuzet/incident.h"

struct kz_server_opts {
	const char *listen; /* "IPV4:PORT" or "[IPV6]:PORT"; port 0 picks
	                       one.  Default "127.0.0.1:8080". */
	const char *db; /* store URL (kz_store_open); NULL: the default */
	const struct kz_taxonomy *tax; /* borrowed */
	const char *base_url; /* absolute URL of the site for feed links;
	                         NULL: http(s)://Host of each request */
	const char *tls_cert, *tls_key; /* PEM files: serve HTTPS */
	int trust_proxy; /* honour X-Forwarded-Proto and X-Forwarded-For */
	unsigned threads; /* worker threads; 0: the number of CPUs */
	unsigned timeout_s; /* idle connection cut-off (default 30) */
	size_t body_max; /* request body cap in bytes (default 1 MiB) */
	const char *ready_file; /* when listening, write the URL here */
};
void kz_server_opts_init(struct kz_server_opts *o);

/* Serve until SIGINT or SIGTERM; KZ_OK after a clean stop, else err
 * (cannot listen, cannot open the database, ...). */
kz_rc
kz_server_run(const struct kz_server_opts *o, struct kz_err *err) KZ_MUST_CHECK;

#endif
