#ifndef LEADEX_CSYSTEMD_SHIM_H
#define LEADEX_CSYSTEMD_SHIM_H

// The journal and notify halves of libsystemd. Nothing here is variadic that Swift needs:
// sd_journal_sendv takes an iovec array and sd_notify a plain string.
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>

#endif
