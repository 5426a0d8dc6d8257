#!/bin/sh
# A Slurm array job: each task of the array makes one part of the batch.
#   sbatch --array=1-4 examples/batch/slurm.sh
# Task SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT tasks makes part
# K/N = (ID - first ID + 1)/COUNT, so --array=0-3 works as well as 1-4.
# The folder OUT must be shared by the nodes.
#SBATCH --job-name=keepsake-batch
#SBATCH --array=1-4
#SBATCH --cpus-per-task=2
#SBATCH --output=keepsake-batch-%A-%a.log
set -eu
: "${SLURM_ARRAY_TASK_ID:?run this with sbatch --array=1-N}"
KEEPSAKE=${KEEPSAKE:-keepsake}
RECIPIENTS=${RECIPIENTS:-examples/batch/clients.csv}
OUT=${OUT:-out/clients}
FIRST=${SLURM_ARRAY_TASK_MIN:-1}
COUNT=${SLURM_ARRAY_TASK_COUNT:-1}
K=$((SLURM_ARRAY_TASK_ID - FIRST + 1))
exec "$KEEPSAKE" batch --worksheet reflection-emotions --recipients "$RECIPIENTS" -o "$OUT" \
    --set practice="Our Practice" --shard "$K/$COUNT" --jobs "${SLURM_CPUS_PER_TASK:-1}"
