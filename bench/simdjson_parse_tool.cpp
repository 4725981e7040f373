// SPDX-License-Identifier: Apache-2.0
// The bare-parse baseline of bench/dump_compare.sh: simdjson (Debian's libsimdjson-dev) loads each
// `kubectl get -o json` List whole and walks every item with the On-Demand API, reading the fields
// the jq baseline extracts (kind, metadata.namespace/name/deletionTimestamp, spec.nodeName,
// spec.hostNetwork, spec.podCIDRs, container images, status.podIP/phase, nodeInfo.kernelVersion).
// That is about the least work any reader of those fields can do; it keeps nothing and prints
// counts, so the reads cannot be optimised away.
//
//   simdjson_parse_tool FILE...
#include <cstdio>
#include <string_view>

#include <simdjson.h>

namespace {

namespace od = simdjson::ondemand;

struct Counts {
  std::size_t items = 0, with_ip = 0, images = 0, touched = 0;
};

#define TRY(expr)                                  \
  do {                                             \
    if ((expr) != simdjson::SUCCESS) return false; \
  } while (0)

bool Strings(od::value v, std::size_t& n, std::size_t& touched) {
  od::array a;
  TRY(v.get_array().get(a));
  for (auto e : a) {
    std::string_view s;
    TRY(e.get_string().get(s));
    ++n;
    touched += s.size();
  }
  return true;
}

bool Item(od::object item, Counts& c) {
  std::string_view kind, ns, name, del, node, ip, phase, kernel;
  bool host_network = false;
  std::size_t cidrs = 0;
  for (auto fr : item) {
    od::field f;
    TRY(std::move(fr).get(f));
    const od::raw_json_string key = f.key();
    if (key == "kind") {
      TRY(f.value().get_string().get(kind));
    } else if (key == "metadata") {
      od::object m;
      TRY(f.value().get_object().get(m));
      for (auto mr : m) {
        od::field mf;
        TRY(std::move(mr).get(mf));
        if (mf.key() == "namespace") {
          TRY(mf.value().get_string().get(ns));
        } else if (mf.key() == "name") {
          TRY(mf.value().get_string().get(name));
        } else if (mf.key() == "deletionTimestamp") {
          TRY(mf.value().get_string().get(del));
        }
      }
    } else if (key == "spec") {
      od::object s;
      TRY(f.value().get_object().get(s));
      for (auto sr : s) {
        od::field sf;
        TRY(std::move(sr).get(sf));
        if (sf.key() == "nodeName") {
          TRY(sf.value().get_string().get(node));
        } else if (sf.key() == "hostNetwork") {
          TRY(sf.value().get_bool().get(host_network));
        } else if (sf.key() == "podCIDRs") {
          if (!Strings(sf.value(), cidrs, c.touched)) return false;
        } else if (sf.key() == "containers") {
          od::array cs;
          TRY(sf.value().get_array().get(cs));
          for (auto cr : cs) {
            od::object co;
            TRY(cr.get_object().get(co));
            for (auto kr : co) {
              od::field cf;
              TRY(std::move(kr).get(cf));
              std::string_view image;
              if (cf.key() == "image") {
                TRY(cf.value().get_string().get(image));
                ++c.images;
                c.touched += image.size();
              }
            }
          }
        }
      }
    } else if (key == "status") {
      od::object s;
      TRY(f.value().get_object().get(s));
      for (auto sr : s) {
        od::field sf;
        TRY(std::move(sr).get(sf));
        if (sf.key() == "podIP") {
          TRY(sf.value().get_string().get(ip));
        } else if (sf.key() == "phase") {
          TRY(sf.value().get_string().get(phase));
        } else if (sf.key() == "nodeInfo") {
          od::object ni;
          TRY(sf.value().get_object().get(ni));
          for (auto nr : ni) {
            od::field nf;
            TRY(std::move(nr).get(nf));
            if (nf.key() == "kernelVersion") {
              TRY(nf.value().get_string().get(kernel));
            }
          }
        }
      }
    }
  }
  ++c.items;
  if (!ip.empty()) ++c.with_ip;
  c.touched += kind.size() + ns.size() + name.size() + del.size() + node.size() + ip.size() +
               phase.size() + kernel.size() + (host_network ? 1 : 0);
  return true;
}

bool File(const char* path, Counts& c) {
  simdjson::padded_string json;
  if (simdjson::padded_string::load(path).get(json)) {
    std::fprintf(stderr, "simdjson_parse_tool: %s: cannot load\n", path);
    return false;
  }
  od::parser parser;
  od::document doc;
  od::array items;
  if (parser.iterate(json).get(doc) || doc["items"].get_array().get(items)) {
    std::fprintf(stderr, "simdjson_parse_tool: %s: not a List\n", path);
    return false;
  }
  for (auto ir : items) {
    od::object item;
    if (ir.get_object().get(item) || !Item(item, c)) {
      std::fprintf(stderr, "simdjson_parse_tool: %s: parse error at item %zu\n", path, c.items);
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: simdjson_parse_tool FILE...\n");
    return 2;
  }
  Counts c;
  for (int i = 1; i < argc; ++i) {
    if (!File(argv[i], c)) return 1;
  }
  std::printf("items=%zu with_ip=%zu images=%zu touched=%zu\n", c.items, c.with_ip, c.images,
              c.touched);
  return 0;
}
