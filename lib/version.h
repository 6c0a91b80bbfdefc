/* SPDX-License-Identifier: MIT */
/* Version and the User-Agent every request carries (dyndns2 providers require a real one). */
#ifndef DDNSD_VERSION_H
#define DDNSD_VERSION_H

#define DDNSD_VERSION	 "0.1.0"
#define DDNSD_USER_AGENT "ddnsd/" DDNSD_VERSION " (Linux dynamic-DNS agent)"

#endif
