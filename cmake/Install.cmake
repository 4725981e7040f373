# SPDX-License-Identifier: Apache-2.0
# `cmake --install` and the .deb (CPack): netdoctor, the kubectl plugin name as a link to it
# (kubectl finds plugins by that name on $PATH), the licence and README.
# The .deb is for Debian 12 and its derivatives: it links the distribution's libraries (dependencies
# computed by dpkg-shlibdeps) and needs libcurl4 for the cluster path, which loads it at run time
# (collect/cluster/curl_loader.cpp), so dpkg-shlibdeps cannot see it; librpm9 likewise, loaded only
# when the host holds an rpm database (collect/host/rpm_loader.cpp): recommended, since a Debian
# host with an rpm database has it already. Other distributions: the release tarball
# (scripts/package.sh).
include(GNUInstallDirs)
install(FILES ${PROJECT_BINARY_DIR}/src/cli/kubectl-netdoctor TYPE BIN)
# Manual page and completions (generated after the link, src/cli/CMakeLists.txt), at the paths
# Debian's man-db, bash-completion, zsh and fish look in. bash-completion and fish load a
# command's completion by the command's name, so kubectl-netdoctor gets its own copy.
install(FILES ${NETDOCTOR_DOC_DIR}/netdoctor.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${NETDOCTOR_DOC_DIR}/netdoctor.bash DESTINATION share/bash-completion/completions
        RENAME netdoctor)
install(FILES ${NETDOCTOR_DOC_DIR}/netdoctor.bash DESTINATION share/bash-completion/completions
        RENAME kubectl-netdoctor)
install(FILES ${NETDOCTOR_DOC_DIR}/_netdoctor DESTINATION share/zsh/vendor-completions)
install(FILES ${NETDOCTOR_DOC_DIR}/netdoctor.fish DESTINATION share/fish/vendor_completions.d)
install(FILES ${NETDOCTOR_DOC_DIR}/netdoctor.fish DESTINATION share/fish/vendor_completions.d
        RENAME kubectl-netdoctor.fish)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md TYPE DOC)

set(CPACK_PACKAGE_NAME netdoctor)
set(CPACK_PACKAGE_VENDOR netdoctor)
set(CPACK_PACKAGE_CONTACT "netdoctor maintainers <netdoctor@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "finds known Kubernetes networking problems on nodes and clusters")
set(CPACK_PACKAGE_DESCRIPTION
  "netdoctor finds known Kubernetes networking problems (kube-proxy, Calico, Spiderpool, kernel) on a node and across a cluster, shows the evidence and says how to fix each one.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "iptables, kmod, librpm9")
set(CPACK_STRIP_FILES ON)
include(CPack)
