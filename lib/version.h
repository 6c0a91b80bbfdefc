/* SPDX-License-Identifier: MIT */
/* Version and the User-Agent every request carries (dyndns2 providers require a real one). */
#ifndef DDNSD_VERSION_H
#define DDNSD_VERSION_H

#define DDNSD_VERSION "0.1.0"
/* The project's address: the contact in the User-Agent of write-only services (No-IP asks
 * for one) when [agent] contact = is not set. */
#define DDNSD_URL	 "https://github.com/ddnsd/ddnsd"
#define DDNSD_USER_AGENT "ddnsd/" DDNSD_VERSION " (Linux dynamic-DNS agent)"

#endif
