#ifndef LEADEX_CCURL_SHIM_H
#define LEADEX_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic macros over a typed third argument, which
// Swift cannot call. One typed inline function per argument kind the Swift wrapper uses; curl's
// docs state which kind each option takes ("long", "char *", "function pointer", "void *").

static inline CURLcode leadex_curl_setopt_long(CURL *_Nonnull handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode leadex_curl_setopt_off_t(CURL *_Nonnull handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode leadex_curl_setopt_string(CURL *_Nonnull handle, CURLoption option, const char *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode leadex_curl_setopt_pointer(CURL *_Nonnull handle, CURLoption option, void *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode leadex_curl_setopt_slist(CURL *_Nonnull handle, CURLoption option, struct curl_slist *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*leadex_curl_data_callback)(char *_Nonnull data, size_t size, size_t count, void *_Nullable userdata);

static inline CURLcode leadex_curl_setopt_data_callback(CURL *_Nonnull handle, CURLoption option, leadex_curl_data_callback _Nullable callback) {
    return curl_easy_setopt(handle, option, callback);
}

typedef int (*leadex_curl_debug_callback)(CURL *_Nonnull handle, curl_infotype type, char *_Nonnull data, size_t size, void *_Nullable userdata);

static inline CURLcode leadex_curl_setopt_debug_callback(CURL *_Nonnull handle, leadex_curl_debug_callback _Nullable callback) {
    return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

static inline CURLcode leadex_curl_getinfo_long(CURL *_Nonnull handle, CURLINFO info, long *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode leadex_curl_getinfo_socket(CURL *_Nonnull handle, CURLINFO info, curl_socket_t *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode leadex_curl_getinfo_string(CURL *_Nonnull handle, CURLINFO info, const char *_Nullable *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
