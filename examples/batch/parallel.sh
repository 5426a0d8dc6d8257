#!/bin/sh
# GNU parallel: split one batch into SHARDS parts and run them at once,
# here or across machines. Each part is `keepsake batch --shard K/N`; the
# parts are disjoint and together make every recipient once, with the same
# file names whichever part makes them.
#
#   examples/batch/parallel.sh                      # 4 parts on this machine
#   SSHLOGIN=4/host1,4/host2 examples/batch/parallel.sh   # across hosts
#
# Across hosts every machine needs keepsake, the recipients file and a
# shared OUT folder (NFS or the like) at the same paths; parallel runs
# each part where it has a free slot (--sshlogin N/HOST: N parts at once).
set -eu
KEEPSAKE=${KEEPSAKE:-keepsake}
RECIPIENTS=${RECIPIENTS:-examples/batch/clients.csv}
OUT=${OUT:-out/clients}
SHARDS=${SHARDS:-4}
set -- --jobs 1 --recipients "$RECIPIENTS" -o "$OUT" --worksheet reflection-emotions \
    --set practice="Our Practice"
if [ -n "${SSHLOGIN:-}" ]; then
    parallel -q --sshlogin "$SSHLOGIN" --workdir "$PWD" --halt never \
        "$KEEPSAKE" batch --shard {}/"$SHARDS" "$@" ::: $(seq 1 "$SHARDS")
else
    parallel -q -j "$SHARDS" --halt never \
        "$KEEPSAKE" batch --shard {}/"$SHARDS" "$@" ::: $(seq 1 "$SHARDS")
fi
