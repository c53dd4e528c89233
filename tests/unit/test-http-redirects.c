/* test-http-redirects.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-error.h"
#include "trove-fanvue-provider.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-server-process.h"
#include "trove-test-util.h"

static TroveTestServerProcess *server;

/* An API answer that redirects to plain http on another host is refused, and says so. */
static void
test_redirect_to_http_refused (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) requests = NULL;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (
      server, "redirect:path=/chats,location=http%3A%2F%2Finsecure.invalid%2Fchats");
  page = trove_test_list_chats (provider, NULL, &error);

  g_assert_null (page);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "Insecure link refused"));
  g_assert_nonnull (strstr (error->message, "insecure.invalid"));
  /* Refused, not retried. */
  requests = trove_test_server_process_get_requests (server);
  g_assert_cmpuint (json_array_get_length (requests), ==, 1);
}

/* Loopback stays allowed over plain http: a redirect there is followed. */
static void
test_redirect_to_loopback_followed (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  g_autofree char *location =
      g_strdup_printf ("%s/chats?page=1&size=50", trove_test_server_process_get_api_url (server));
  g_autofree char *escaped = g_uri_escape_string (location, NULL, FALSE);
  g_autofree char *spec = g_strdup_printf ("redirect:path=/chats,count=1,location=%s", escaped);
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, spec);
  page = trove_test_list_chats (provider, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (trove_page_get_items (page)->len, >, 0);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 2);
}

/* An OnlyFansAPI next_page that drops to plain http is not followed (nothing is sent). */
static void
test_next_page_to_http_refused (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");
  g_autoptr (TroveProvider) provider =
      trove_onlyfansapi_provider_new (NULL, "https://app.onlyfansapi.invalid", credentials,
                                      "acct_demo_main");
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;

  page = trove_test_list_chats (provider,
                                "http://app.onlyfansapi.invalid/api/acct_demo_main/"
                                "chats?limit=50&offset=50",
                                &error);

  g_assert_null (page);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL);
}

/* The pure rule. */
static void
test_check_redirect (void)
{
  static const struct
  {
    const char *from;
    const char *to;
    gboolean allowed;
  } cases[] = {
    { "https://api.fanvue.com/chats", "https://api.fanvue.com/v2/chats", TRUE },
    { "https://api.fanvue.com/chats", "https://cdn.example.com/x", TRUE },
    { "https://api.fanvue.com/chats", "http://api.fanvue.com/chats", FALSE },
    { "https://app.onlyfansapi.com/api/a/media/download/x", "http://files.example.com/x", FALSE },
    { "http://127.0.0.1:8080/chats", "http://127.0.0.1:8081/chats", TRUE },
    { "http://127.0.0.1:8080/chats", "http://localhost:8081/chats", TRUE },
    { "http://127.0.0.1:8080/chats", "http://[::1]:8081/chats", TRUE },
    { "http://127.0.0.1:8080/chats", "http://example.com/chats", FALSE },
    { "https://api.fanvue.com/chats", "ftp://api.fanvue.com/chats", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GUri) from = g_uri_parse (cases[i].from, SOUP_HTTP_URI_FLAGS, NULL);
      g_autoptr (GUri) to = g_uri_parse (cases[i].to, SOUP_HTTP_URI_FLAGS, NULL);
      g_autoptr (GError) error = NULL;
      gboolean allowed = trove_http_check_redirect (from, to, &error);

      if (allowed != cases[i].allowed)
        g_error ("%s -> %s: %s", cases[i].from, cases[i].to, allowed ? "allowed" : error->message);
      if (!allowed)
        g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL);
    }
}

int
main (int argc, char *argv[])
{
  const char *args[] = { "--dataset", "size=10", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add_func ("/http-redirects/redirect-to-http-refused", test_redirect_to_http_refused);
  g_test_add_func ("/http-redirects/redirect-to-loopback-followed",
                   test_redirect_to_loopback_followed);
  g_test_add_func ("/http-redirects/check-redirect", test_check_redirect);
  g_test_add_func ("/http-redirects/next-page-to-http-refused", test_next_page_to_http_refused);

  status = g_test_run ();
  trove_test_server_process_free (server);

  return status;
}
