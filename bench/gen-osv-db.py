#!/usr/bin/env python3
"""Writes a fixture OSV database for the scan benchmark: N records (default 10,000) shaped like
the ones OSV publishes for Debian (DSA-, DLA- and DEBIAN-CVE- ids, CVE aliases, ECOSYSTEM ranges
over Debian versions, some CVSS v3.1 and v4.0 vectors, Debian urgencies), as one zip like OSV's
all.zip. The source packages are those of the java preset image plus many other trixie sources;
a few records match the image's versions so that the scan has findings to report. Deterministic.
    bench/gen-osv-db.py OUT.zip [N]
"""
import json, random, sys, zipfile

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
rnd = random.Random(20261127)

# Source packages of the java preset image, with their trixie versions (2026-11-27).
IMAGE = {
    "base-files": "13.8+deb13u8", "ca-certificates": "20250419+deb13u1", "gcc-14": "14.2.0-19",
    "glibc": "2.41-12+deb13u5", "libjpeg-turbo": "1:2.1.5-4", "lcms2": "2.16-2+deb13u2",
    "pcsc-lite": "2.3.3-1", "openssl": "3.5.9-1~deb13u1", "libzstd": "1.5.7+dfsg-1+deb13u1",
    "media-types": "13.0.0", "netbase": "6.5", "openjdk-21": "21.0.13.1+2-1~deb13u1",
    "tzdata": "2026f-0+deb13u1", "zlib": "1:1.3.dfsg+really1.3.1-1+deb13u1",
}
OTHERS = """apache2 nginx curl wget git python3.13 perl ruby3.3 nodejs php8.4 postgresql-17 mariadb sqlite3
libxml2 libxslt expat libpng1.6 tiff libwebp giflib freetype fontconfig cairo pango1.0 harfbuzz
gnutls28 nettle libgcrypt20 libgpg-error krb5 cyrus-sasl2 openldap openssh sudo shadow pam util-linux
systemd dbus glib2.0 gtk+3.0 qtbase-opensource-src icu libidn2 libunistring pcre2 pcre3 bzip2 xz-utils
lz4 brotli libarchive tar gzip coreutils findutils grep sed gawk bash dash busybox e2fsprogs
libseccomp libcap2 libcap-ng audit linux ffmpeg imagemagick ghostscript poppler libreoffice firefox-esr
thunderbird chromium webkit2gtk wpewebkit libvpx libde265 libheif openjpeg2 jasper libraw exiv2
libsndfile flac libvorbis opus pulseaudio pipewire bluez wpa hostapd dnsmasq bind9 unbound isc-dhcp
ntp ntpsec chrony squid haproxy varnish tomcat10 jetty12 maven ant gradle golang-1.24 rustc llvm-toolchain-19
gcc-13 binutils gdb valgrind cups samba nfs-utils rpcbind avahi net-snmp zabbix nagios4 icinga2 redis
memcached rabbitmq-server erlang elixir-lang ruby-rack rails django python-urllib3 requests jinja2
python-cryptography pillow numpy lxml pyyaml libyaml jackson-databind log4j2 commons-text spring
netty undertow xerces2 batik libtasn1-6 p11-kit libssh libssh2 nghttp2 nghttp3 ngtcp2 libevent
libuv1 c-ares libsodium zeromq3 protobuf grpc openexr libjxl dav1d aom x264 x265 vlc mpv gstreamer1.0
gst-plugins-base1.0 gst-plugins-good1.0 gst-plugins-bad1.0 sox lame mpg123 wireshark tcpdump libpcap
nmap iptables nftables iproute2 ethtool openvpn strongswan wireguard-tools ppp rsync screen tmux vim
emacs nano less ncurses readline sensible-utils debianutils apt dpkg libxcrypt libtirpc libnsl""".split()

def bump(version):
    """A version just above: a security upload of the same release."""
    return version + "+deb13u99" if "+deb13u" not in version else version.rsplit("u", 1)[0] + "u99"

V3 = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N",
      "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"]
V4 = ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"]
URGENCY = ["low", "medium", "high", "unimportant", "not yet assigned"]

with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(count):
        kind = rnd.choice(["DSA", "DLA", "DEBIAN-CVE", "DEBIAN-CVE", "DEBIAN-CVE"])
        year = rnd.randint(2014, 2026)
        cves = ["CVE-%d-%d" % (year, rnd.randint(1000, 59999)) for _ in range(rnd.randint(1, 4))]
        rid = {"DSA": "DSA-%d-1" % (3000 + i), "DLA": "DLA-%d-1" % (1000 + i)}.get(kind, "DEBIAN-" + cves[0] + "-%d" % i)
        in_image = rnd.random() < 0.08
        pkg = rnd.choice(sorted(IMAGE)) if in_image else rnd.choice(OTHERS)
        installed = IMAGE.get(pkg, "%d.%d-%d" % (rnd.randint(1, 9), rnd.randint(0, 20), rnd.randint(1, 5)))
        # Most records are fixed below what trixie ships; one in ten of the image's is still open.
        affects_image = in_image and rnd.random() < 0.1
        fixed = bump(installed) if affects_image else "0.%d-1" % rnd.randint(1, 99)
        events = [{"introduced": "0"}, {"fixed": fixed}]
        if rnd.random() < 0.2:
            events = [{"introduced": "0.%d-1" % rnd.randint(1, 9)}, {"last_affected": fixed}]
        affected = [{"package": {"ecosystem": "Debian:13", "name": pkg, "purl": "pkg:deb/debian/%s?arch=source" % pkg},
                     "ranges": [{"type": "ECOSYSTEM", "events": events}],
                     "ecosystem_specific": {"urgency": rnd.choice(URGENCY)}}]
        if rnd.random() < 0.5:
            affected.append({"package": {"ecosystem": "Debian:12", "name": pkg},
                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "0.1-1"}]}]})
        record = {"schema_version": "1.6.0", "id": rid, "modified": "2026-11-%02dT00:00:00Z" % rnd.randint(1, 27),
                  "published": "%d-06-01T00:00:00Z" % year, "aliases": cves if kind != "DEBIAN-CVE" else [],
                  "upstream": cves, "summary": "%s - security update" % pkg,
                  "details": "Several vulnerabilities were discovered in %s. " % pkg * rnd.randint(1, 6),
                  "affected": affected,
                  "references": [{"type": "ADVISORY", "url": "https://www.cve.org/CVERecord?id=" + c}
                                 for c in cves]}
        if rnd.random() < 0.4:
            record["severity"] = [{"type": "CVSS_V3", "score": rnd.choice(V3)}]
            if rnd.random() < 0.3:
                record["severity"].append({"type": "CVSS_V4", "score": rnd.choice(V4)})
        if rnd.random() < 0.01:
            record["withdrawn"] = "2026-01-01T00:00:00Z"
        z.writestr("%s.json" % rid, json.dumps(record, indent=2))
