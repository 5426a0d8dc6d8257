# zsh -f tests/complete.zsh FPATH-DIR OUT LINE...: type each LINE into an
# interactive zsh (through zsh/zpty) that autoloads the completion from
# FPATH-DIR, complete it with all its matches at once (_all_matches), and
# append the resulting command line to OUT, one a line. Used by tests/run.sh
# (group packaging); exits 2 when zpty is missing, 1 on a timeout.
zmodload zsh/zpty || exit 2
dir=$1 out=$2
shift 2
: >$out
zpty z 'zsh -f -i' || exit 2
zpty -w z "fpath=(${(q)dir} \$fpath); autoload -U compinit; compinit -u -D; PS1='> '"
zpty -w z "zle -C all-matches complete-word _generic; zstyle ':completion:all-matches:*' completer _all_matches _complete; zstyle ':completion:all-matches:*' insert true"
zpty -w z "dump() { print -r -- \"\$BUFFER\" >>${(q)out}; BUFFER=; zle accept-line; }; zle -N dump; bindkey '^Xd' dump; bindkey '^Xa' all-matches"
for l in "$@"; do zpty -w -n z "$l"$'\x18a\x18d'; done
rc=1
for i in {1..100}; do
  (( $(wc -l <$out) >= $# )) && { rc=0; break }
  sleep 0.1
done
zpty -d z
exit $rc
