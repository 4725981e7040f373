// SPDX-License-Identifier: Apache-2.0
// bin/netdoctor of the release tarball: starts lib/netdoctor.bin with the dynamic loader and the
// libraries shipped next to it, so that nothing is taken from the host's /lib or /usr (CentOS 7 has
// glibc 2.17; netdoctor is built against Debian 12's 2.36). Equivalent to
//   exec <dir>/lib/ld-linux-x86-64.so.2 --library-path <dir>/lib --argv0 "$0" <dir>/lib/netdoctor.bin "$@"
// where <dir> is the directory above this file's bin/. The loader's --library-path applies to this
// process only: unlike LD_LIBRARY_PATH it is not inherited by the programs netdoctor runs
// (iptables -V), which must keep using the host's libraries.
//
// Freestanding x86-64 Linux code (no libc, raw system calls, -nostdlib -static): a few KB, no
// start-up work of its own, and it runs on any kernel from 2.6 on.
#define PATH_CAP 4096
#define MAX_HOPS 40

typedef unsigned long size_t;

static long Syscall3(long nr, long a, long b, long c) {
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return ret;
}

enum { kSysWrite = 1, kSysExecve = 59, kSysExit = 60, kSysReadlink = 89 };

static size_t Len(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

static void Say(const char* s) { Syscall3(kSysWrite, 2, (long)s, (long)Len(s)); }

__attribute__((noreturn)) static void Die(const char* what, const char* path, long err) {
  char num[24];
  int i = (int)sizeof num - 1;
  unsigned long e = (unsigned long)-err;
  num[i] = '\0';
  do {
    num[--i] = (char)('0' + e % 10);
    e /= 10;
  } while (e && i > 0);
  Say("netdoctor: ");
  Say(what);
  Say(" ");
  Say(path);
  Say(" (errno ");
  Say(num + i);
  Say(")\n");
  Syscall3(kSysExit, 127, 0, 0);
  __builtin_unreachable();
}

// Appends src to dst[0..*n) within PATH_CAP; 0 when it does not fit.
static int Append(char* dst, size_t* n, const char* src) {
  size_t l = Len(src);
  if (*n + l + 1 > PATH_CAP) return 0;
  for (size_t i = 0; i < l; ++i) dst[*n + i] = src[i];
  *n += l;
  dst[*n] = '\0';
  return 1;
}

// Cuts the last path component: "/a/b/c" -> "/a/b"; "/a" and "a" -> "" (then "" + "/lib" is "/lib").
static void DirName(char* p) {
  size_t n = Len(p);
  while (n > 0 && p[n - 1] != '/') --n;  // n: just past the last '/', or 0
  p[n > 0 ? n - 1 : 0] = '\0';
}

// This file's real path, into self: /proc/self/exe when /proc is mounted, else argv[0] with its
// symbolic links followed (kubectl-netdoctor is a link to netdoctor; krew links to it again).
static int FindSelf(const char* argv0, char* self) {
  long n = Syscall3(kSysReadlink, (long)"/proc/self/exe", (long)self, PATH_CAP - 1);
  if (n > 0) {
    self[n] = '\0';
    return 1;
  }
  size_t len = 0;
  self[0] = '\0';
  if (!argv0 || !Append(self, &len, argv0)) return 0;
  int slash = 0;
  for (const char* c = argv0; *c; ++c) slash |= *c == '/';
  if (!slash) return 0;  // found through $PATH: cannot tell which directory without /proc
  for (int hop = 0; hop < MAX_HOPS; ++hop) {
    char target[PATH_CAP];
    long t = Syscall3(kSysReadlink, (long)self, (long)target, PATH_CAP - 1);
    if (t <= 0) return 1;  // not a link (or unreadable): this is the file
    target[t] = '\0';
    char next[PATH_CAP];
    size_t m = 0;
    next[0] = '\0';
    if (target[0] != '/') {  // relative to the link's directory
      char dir[PATH_CAP];
      size_t d = 0;
      dir[0] = '\0';
      Append(dir, &d, self);
      DirName(dir);
      if (dir[0] == '\0' && self[0] != '/') Append(dir, &d, ".");
      if (!Append(next, &m, dir) || !Append(next, &m, "/")) return 0;
    }
    if (!Append(next, &m, target)) return 0;
    len = 0;
    self[0] = '\0';
    Append(self, &len, next);
  }
  return 0;
}

int LauncherMain(long* sp) {
  const long argc = sp[0];
  char** argv = (char**)(sp + 1);
  char** envp = argv + argc + 1;

  static char self[PATH_CAP], loader[PATH_CAP], libdir[PATH_CAP], program[PATH_CAP];
  if (!FindSelf(argc > 0 ? argv[0] : 0, self)) {
    Die("cannot find its own directory (mount /proc, or run it by path): argv[0] =",
        argc > 0 && argv[0] ? argv[0] : "(none)", -2);
  }
  DirName(self);  // .../bin
  DirName(self);  // the unpacked directory
  size_t a = 0, b = 0, c = 0;
  if (!Append(loader, &a, self) || !Append(loader, &a, "/lib/ld-linux-x86-64.so.2") ||
      !Append(libdir, &b, self) || !Append(libdir, &b, "/lib") || !Append(program, &c, self) ||
      !Append(program, &c, "/lib/netdoctor.bin")) {
    Die("path too long:", self, -36);
  }

  // loader --library-path DIR --argv0 ARGV0 PROGRAM ARGS... NULL; argv[0] keeps the name the user
  // typed, so that the CLI can tell `kubectl-netdoctor` from `netdoctor`.
  enum { kFixed = 6, kMaxArgs = 4096 };
  static char* args[kFixed + kMaxArgs + 1];
  if (argc > kMaxArgs) Die("too many arguments:", "", -7);
  args[0] = loader;
  args[1] = "--library-path";
  args[2] = libdir;
  args[3] = "--argv0";
  args[4] = argc > 0 ? argv[0] : "netdoctor";
  args[5] = program;
  long n = kFixed;
  for (long i = 1; i < argc; ++i) args[n++] = argv[i];
  args[n] = 0;
  long err = Syscall3(kSysExecve, (long)loader, (long)args, (long)envp);
  Die("cannot start", loader, err);
}

// Entry point: the kernel leaves argc, argv and envp on the stack; align it for the C call.
__asm__(
    ".text\n"
    ".global _start\n"
    "_start:\n"
    "  xor %rbp, %rbp\n"
    "  mov %rsp, %rdi\n"
    "  and $-16, %rsp\n"
    "  call LauncherMain\n"
    "  hlt\n");
