/*
 * kuzet serve over libmicrohttpd: a pool of worker threads (each with its
 * own store connection), request bodies capped (413), idle connections
 * cut off, SIGINT/SIGTERM stop the server cleanly.  The only file that
 * knows libmicrohttpd: everything else sees struct kz_req / kz_resp.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "server/server_int.h"

#define CONN_MEMORY (256 * 1024) /* per connection: headers and buffers */
#define CONN_MAX 1024 /* connections at once */

void
kz_server_opts_init(struct kz_server_opts *o)
{
	memset(o, 0, sizeof *o);
	o->listen = "127.0.0.1:8080";
	o->timeout_s = 30;
	o->body_max = (size_t)1 << 20;
}

/* Per-thread store, opened on first use and closed when the thread ends. */
static pthread_key_t store_key;
static struct kz_srv *the_srv;

static void
store_close(void *p)
{
	kz_store_close(p);
}

static struct kz_store *
thread_store(struct kz_err *err)
{
	struct kz_store *s = pthread_getspecific(store_key);
	if (s != NULL)
		return s;
	if (kz_store_open(the_srv->o.db, 0, &s, err) != KZ_OK)
		return NULL;
	pthread_setspecific(store_key, s);
	return s;
}

/* One request's state across the calls of the access handler. */
struct conn {
	struct kz_buf body;
	int too_big;
	int64_t start;
};

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn *cn = *con_cls;
	(void)cls;
	(void)c;
	(void)toe;
	if (cn != NULL) {
		kz_buf_fini(&cn->body);
		free(cn);
		*con_cls = NULL;
	}
}

static enum MHD_Result
add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct kz_kvs *l = cls;
	(void)kind;
	if (l->n >= KZ_FORM_FIELDS_MAX)
		return MHD_NO;
	if (value == NULL)
		value = "";
	if (!kz_utf8_valid(key, strlen(key), NULL) ||
	    !kz_utf8_valid(value, strlen(value), NULL))
		return MHD_YES; /* dropped */
	kz_kvs_add(l, key, strlen(key), value, strlen(value));
	return MHD_YES;
}

static enum MHD_Result
send_resp(struct MHD_Connection *c, struct kz_resp *rs)
{
	size_t len = rs->body.len;
	char *data = kz_buf_take(&rs->body);
	struct MHD_Response *r = MHD_create_response_from_buffer(len,
	    data != NULL ? data : (char *)"",
	    data != NULL ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (r == NULL) {
		free(data);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", rs->ctype);
	for (size_t i = 0; i < rs->nh; i++)
		MHD_add_response_header(r, rs->hname[i], rs->hval[i]);
	ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* A short plain answer with no handler involved (413, 500). */
static enum MHD_Result
send_plain(struct MHD_Connection *c, int status, const char *msg)
{
	struct kz_resp rs;
	enum MHD_Result ret;

	kz_resp_init(&rs);
	rs.status = status;
	rs.ctype = "text/plain; charset=utf-8";
	if (kz_buf_puts(&rs.body, msg) != KZ_OK)
		rs.status = 500;
	kz_resp_header(&rs, "Connection", "close");
	ret = send_resp(c, &rs);
	kz_resp_fini(&rs);
	return ret;
}

static void
client_addr(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "?");
	if (ci == NULL || ci->client_addr == NULL)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET,
		    &((const struct sockaddr_in *)(const void *)ci->client_addr)
		         ->sin_addr,
		    out, (socklen_t)n);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)(const void *)
		            ci->client_addr)
		         ->sin6_addr,
		    out, (socklen_t)n);
}

static int
is_form(const char *ct)
{
	static const char f[] = "application/x-www-form-urlencoded";
	return ct != NULL && strncasecmp(ct, f, sizeof f - 1) == 0 &&
	    (ct[sizeof f - 1] == '\0' || ct[sizeof f - 1] == ';');
}

static enum MHD_Result
access_handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct kz_srv *srv = cls;
	struct conn *cn = *con_cls;
	(void)version;

	if (cn == NULL) {
		const char *cl = MHD_lookup_connection_value(
		    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		cn = kz_xcalloc(1, sizeof *cn);
		kz_buf_init(&cn->body, srv->o.body_max);
		cn->start = (int64_t)time(NULL);
		*con_cls = cn;
		if (cl != NULL && strtoull(cl, NULL, 10) > srv->o.body_max) {
			cn->too_big = 1;
			return send_plain(c, 413, "request body too large\n");
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!cn->too_big &&
		    kz_buf_append(&cn->body, upload_data, *upload_data_size) !=
		        KZ_OK)
			cn->too_big = 1;
		*upload_data_size = 0;
		/* a client trickling a body cannot hold a worker forever */
		if ((int64_t)time(NULL) - cn->start >
		    2 * (int64_t)srv->o.timeout_s)
			return MHD_NO;
		return MHD_YES;
	}
	if (cn->too_big)
		return send_plain(c, 413, "request body too large\n");

	struct kz_err err;
	struct kz_store *st = thread_store(&err);
	if (st == NULL) {
		fprintf(stderr, "kuzet serve: %s\n", err.msg);
		return send_plain(c, 500, "internal error\n");
	}
	struct kz_req rq;
	struct kz_resp rs;
	char addr[64];
	kz_req_init(&rq);
	kz_resp_init(&rs);
	rq.method = method;
	rq.path = url;
	rq.now = (int64_t)time(NULL);
	rq.store = st;
	client_addr(c, addr, sizeof addr);
	rq.remote = addr;
	rq.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	rq.cookie_session =
	    MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "kz_session");
	rq.cookie_csrf =
	    MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "kz_csrf");
	rq.cookie_lang =
	    MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "kz_lang");
	rq.secure = srv->o.tls_cert != NULL;
	if (srv->o.trust_proxy) {
		const char *xp = MHD_lookup_connection_value(
		    c, MHD_HEADER_KIND, "X-Forwarded-Proto");
		const char *xf = MHD_lookup_connection_value(
		    c, MHD_HEADER_KIND, "X-Forwarded-For");
		if (xp != NULL && strcasecmp(xp, "https") == 0)
			rq.secure = 1;
		if (xf != NULL && xf[0] != '\0') {
			size_t n = strcspn(xf, ", ");
			if (n > 0 && n < sizeof addr) {
				memcpy(addr, xf, n);
				addr[n] = '\0';
			}
		}
	}
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &rq.query);
	int bad = rq.query.n >= KZ_FORM_FIELDS_MAX;
	if (!bad && cn->body.len > 0 &&
	    is_form(MHD_lookup_connection_value(
	        c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE)))
		bad = kz_form_parse(&rq.form, cn->body.data, cn->body.len) != 0;
	if (bad) {
		rq.srv = srv;
		kz_page_error(&rq, &rs, 400, "err.form");
	} else {
		kz_srv_handle(srv, &rq, &rs);
	}
	enum MHD_Result ret = send_resp(c, &rs);
	kz_resp_fini(&rs);
	kz_req_fini(&rq);
	return ret;
}

/* Parse "A.B.C.D:PORT" or "[V6]:PORT" into a socket address. */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	const char *colon;
	char *end;
	long port;

	memset(ss, 0, sizeof *ss);
	if (s[0] == '[') {
		const char *rb = strchr(s, ']');
		if (rb == NULL || rb[1] != ':' ||
		    (size_t)(rb - s - 1) >= sizeof host)
			return -1;
		memcpy(host, s + 1, (size_t)(rb - s - 1));
		host[rb - s - 1] = '\0';
		colon = rb + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL || (size_t)(colon - s) >= sizeof host)
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || colon[1] == '\0' || port < 0 || port > 65535 ||
	    errno != 0)
		return -1;
	struct sockaddr_in *a4 = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)(void *)ss;
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*len = sizeof *a4;
		return AF_INET;
	}
	if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof *a6;
		return AF_INET6;
	}
	return -1;
}

/* Write url to path through a temporary file, so a reader never sees
 * half of it. */
static int
write_ready(const char *path, const char *url)
{
	char tmp[4096];
	FILE *f;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return -1;
	f = fopen(tmp, "w");
	if (f == NULL)
		return -1;
	fputs(url, f);
	fputc('\n', f);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

kz_rc
kz_server_run(const struct kz_server_opts *o, struct kz_err *err)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int fam = parse_listen(o->listen, &ss, &sslen);
	char *cert = NULL, *key = NULL;
	size_t n;
	kz_rc rc;

	if (fam < 0)
		return kz_fail(err, KZ_EUSAGE,
		    "--listen %s: expected IPV4:PORT or [IPV6]:PORT",
		    o->listen);
	if (o->tax == NULL)
		return kz_fail(err, KZ_EUSAGE, "serve: no taxonomy");
	if ((o->tls_cert == NULL) != (o->tls_key == NULL))
		return kz_fail(
		    err, KZ_EUSAGE, "--tls-cert and --tls-key go together");
	rc = kz_auth_init(err);
	if (rc != KZ_OK)
		return rc;
	/* check the database once before listening */
	struct kz_store *probe;
	rc = kz_store_open(o->db, 0, &probe, err);
	if (rc != KZ_OK)
		return rc;
	kz_store_close(probe);
	if (o->tls_cert != NULL) {
		rc = kz_file_read(o->tls_cert, 1 << 20, &cert, &n, err);
		if (rc == KZ_OK)
			rc = kz_file_read(o->tls_key, 1 << 20, &key, &n, err);
		if (rc != KZ_OK) {
			free(cert);
			return rc;
		}
	}

	struct kz_srv *srv = kz_xcalloc(1, sizeof *srv);
	srv->o = *o;
	srv->tax = o->tax;
	pthread_mutex_init(&srv->rate.mu, NULL);
	the_srv = srv;
	pthread_key_create(&store_key, store_close);

	/* workers inherit a mask without SIGINT/SIGTERM; this thread waits */
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);

	unsigned threads = o->threads;
	if (threads == 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		threads = c > 0 && c < 64 ? (unsigned)c : 2;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
	    MHD_USE_EPOLL | (fam == AF_INET6 ? MHD_USE_IPv6 : 0) |
	    (cert != NULL ? MHD_USE_TLS : 0);
	struct MHD_OptionItem tls_opts[] = {
	    {cert != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0,
	        cert},
	    {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
	    {MHD_OPTION_END, 0, NULL},
	};
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL,
	    access_handler, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
	    o->timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)CONN_MEMORY, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)CONN_MAX, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
	if (d == NULL) {
		rc = kz_fail(err, KZ_ENET,
		    "cannot listen on %s (address in use, or not this host's?)",
		    o->listen);
		goto out;
	}
	const union MHD_DaemonInfo *di =
	    MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[64];
	snprintf(host, sizeof host, "%s", o->listen);
	char *c = strrchr(host, ':');
	if (c != NULL)
		*c = '\0';
	char url[128];
	snprintf(url, sizeof url, "%s://%s:%u/", cert ? "https" : "http", host,
	    di != NULL ? (unsigned)di->port : 0);
	fprintf(stderr, "kuzet serve: listening on %s (%u threads)\n", url,
	    threads);
	if (o->ready_file != NULL && write_ready(o->ready_file, url) != 0)
		fprintf(stderr, "kuzet serve: cannot write %s: %s\n",
		    o->ready_file, strerror(errno));
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "kuzet serve: %s, stopping\n",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	MHD_stop_daemon(d);
	rc = KZ_OK;
out:
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	/* this thread's store, if a handler ever ran here */
	struct kz_store *mine = pthread_getspecific(store_key);
	if (mine != NULL) {
		kz_store_close(mine);
		pthread_setspecific(store_key, NULL);
	}
	pthread_key_delete(store_key);
	pthread_mutex_destroy(&srv->rate.mu);
	free(srv);
	the_srv = NULL;
	free(cert);
	if (key != NULL) {
		memset(key, 0, strlen(key));
		free(key);
	}
	return rc;
}
