#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Writes the test API server's PKI into DIR with the openssl CLI, shaped as kubeadm's
# (/etc/kubernetes/pki): a CA "kubernetes", a serving certificate for the API server with the
# names kubeadm puts in apiserver.crt plus localhost/127.0.0.1, a client certificate
# (CN = user, O = group, as kubeadm's admin.conf user), and a second, unrelated CA ("wrong-ca")
# for the wrong-CA test. Files: ca.{crt,key} server.{crt,key} client.{crt,key} wrong-ca.{crt,key}
set -euo pipefail
dir=${1:?usage: gen_certs.sh DIR [CLIENT_CN]}
cn=${2:-netdoctor-test}
days=${DAYS:-3650}  # test-only PKI; long-lived so a cached copy stays usable
mkdir -p "$dir"
cd "$dir"
q() { "$@" >/dev/null 2>&1 || { echo "gen_certs: failed: $*" >&2; exit 1; }; }

q openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days "$days" \
  -subj "/CN=kubernetes" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign"
q openssl req -x509 -newkey rsa:2048 -nodes -keyout wrong-ca.key -out wrong-ca.crt -days "$days" \
  -subj "/CN=kubernetes" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign"

cat > server.ext <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:apiserver.netdoctor.test,IP:127.0.0.1,IP:10.96.0.1
EXT
q openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=kube-apiserver"
q openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt \
  -days "$days" -extfile server.ext

cat > client.ext <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EXT
q openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr \
  -subj "/O=netdoctor:readers/CN=$cn"
q openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt \
  -days "$days" -extfile client.ext
rm -f server.csr client.csr server.ext client.ext ca.srl
