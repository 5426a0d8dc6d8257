# bash completion for keepsake(1).
#
# Commands, each command's options, and ids: book ids (and .yaml files) for
# build and batch, exercise ids for worksheet, show and batch --worksheet,
# layout ids (and .yaml files) for -l, .csv and .yaml files for
# batch --recipients. The ids come from `keepsake list books|exercises|layouts` (its
# first column), run with the same keepsake and the same --data as the
# command line being completed, so they follow the data.
# Installed as $(PREFIX)/share/bash-completion/completions/keepsake.

# _keepsake_ids KEEPSAKE DATA WHAT: the ids of WHAT, one a line.
_keepsake_ids()
{
    "$1" list "$3" ${2:+--data "$2"} 2>/dev/null </dev/null | awk 'NF { print $1 }'
}

# _keepsake_files PATTERN: files matching PATTERN, and folders to go on into.
_keepsake_files()
{
    local IFS=$'\n' f
    compopt -o filenames 2>/dev/null
    for f in $(compgen -d -- "$cur"); do COMPREPLY+=("$f"); done
    for f in $(compgen -f -X "!$1" -- "$cur"); do [[ -d $f ]] || COMPREPLY+=("$f"); done
}

# _keepsake_add WORDS...: those of WORDS that start with the current word.
_keepsake_add()
{
    local w
    for w in "$@"; do [[ $w == "$cur"* ]] && COMPREPLY+=("$w"); done
}

_keepsake()
{
    COMPREPLY=()
    local cur=${COMP_WORDS[COMP_CWORD]} prev= i=$COMP_CWORD
    # bash splits "--data=DIR" at '=': put the option back as prev.
    if [[ $cur == "=" ]]; then
        cur= prev=${COMP_WORDS[i - 1]}
    elif ((i > 1)) && [[ ${COMP_WORDS[i - 1]} == "=" ]]; then
        prev=${COMP_WORDS[i - 2]}
    elif ((i > 0)); then
        prev=${COMP_WORDS[i - 1]}
    fi

    # The keepsake being completed (./keepsake in a checkout), the command,
    # --data, and how many arguments the command already has.
    local ks=${COMP_WORDS[0]} cmd= data= nargs=0 w j
    [[ $ks == "~/"* ]] && ks=$HOME/${ks#"~/"}
    [[ $ks == */* && -x $ks ]] || ks=keepsake
    for ((j = 1; j < i; j++)); do
        w=${COMP_WORDS[j]}
        case $w in
            --data) [[ ${COMP_WORDS[j + 1]} == "=" ]] && ((j++)); data=${COMP_WORDS[j + 1]}; ((j++)) ;;
            -o | --output | -l | --layout | -s | --set | -f | --format | --dpi | --pages | \
                --impose | --sheet | --flip | --signature | --creep | --marks | --cover | --bleed | \
                -r | --recipients | -w | --worksheet | -n | --name | -j | --jobs | --shard)
                [[ $w == -f && $cmd == batch ]] && continue # batch's -f is --force
                [[ ${COMP_WORDS[j + 1]} == "=" ]] && ((j++)); ((j++)) ;;
            -*) ;;
            *) if [[ -z $cmd ]]; then cmd=$w; else ((nargs++)); fi ;;
        esac
    done
    [[ $data == "~/"* ]] && data=$HOME/${data#"~/"}

    case $prev in
        -o | --output) _keepsake_files '*'; return ;;
        -l | --layout)
            _keepsake_add $(_keepsake_ids "$ks" "$data" layouts)
            _keepsake_files '*.yaml'
            return ;;
        -s | --set) return ;; # KEY=VALUE: nothing to offer
        -r | --recipients) _keepsake_files '*.csv'; _keepsake_files '*.y*ml'; return ;;
        -w | --worksheet) _keepsake_add $(_keepsake_ids "$ks" "$data" exercises); return ;;
        -n | --name | -j | --jobs | --shard) return ;;
        --data) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
        -f | --format)
            if [[ $cmd != batch ]]; then # batch's -f is --force
                if [[ $cmd == schema ]]; then _keepsake_add json markdown; else _keepsake_add pdf png svg contact; fi
                return
            fi ;;
        --impose) _keepsake_add booklet cards calibration none; return ;;
        --sheet) _keepsake_add a3 a4 a5 a6 b5 letter half-letter tabloid; return ;;
        --flip) _keepsake_add short long; return ;;
        --marks) _keepsake_add fold staple crop fold,staple; return ;;
        --cover) _keepsake_add outside; return ;;
        --dpi | --pages | --signature | --creep | --bleed) return ;; # a number, a list, a length: nothing to offer
    esac

    local build_opts="-o --output -l --layout -s --set --data --dump --watch -f --format --dpi --pages -h --help"
    build_opts+=" --impose --sheet --flip --signature --creep --marks --cover --rtl --bleed --grayscale"
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then _keepsake_add --help --version; else
            _keepsake_add build worksheet batch check list show new schema help; fi
        return
    fi
    case $cmd in
        build)
            if [[ $cur == -* ]]; then _keepsake_add $build_opts
            elif ((nargs == 0)); then
                _keepsake_add $(_keepsake_ids "$ks" "$data" books)
                _keepsake_files '*.yaml'
            fi ;;
        worksheet)
            if [[ $cur == -* ]]; then _keepsake_add $build_opts
            elif ((nargs == 0)); then _keepsake_add $(_keepsake_ids "$ks" "$data" exercises); fi ;;
        batch)
            if [[ $cur == -* ]]; then
                _keepsake_add -r --recipients -o --output -w --worksheet -n --name -j --jobs \
                    --shard -f --force -s --set -l --layout --data -q --quiet -h --help
            elif ((nargs == 0)) && [[ " ${COMP_WORDS[*]} " != *" -w "* &&
                " ${COMP_WORDS[*]} " != *" --worksheet"* ]]; then
                _keepsake_add $(_keepsake_ids "$ks" "$data" books)
                _keepsake_files '*.yaml'
            fi ;;
        show)
            if [[ $cur == -* ]]; then _keepsake_add --data -h --help
            elif ((nargs == 0)); then _keepsake_add $(_keepsake_ids "$ks" "$data" exercises); fi ;;
        check)
            if [[ $cur == -* ]]; then _keepsake_add --data -h --help; else _keepsake_files '*.yaml'; fi ;;
        list)
            if [[ $cur == -* ]]; then _keepsake_add --data -h --help
            elif ((nargs == 0)); then _keepsake_add books exercises layouts; fi ;;
        new)
            if [[ $cur == -* ]]; then _keepsake_add -q --quiet -h --help
            elif ((nargs == 0)); then compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); fi ;;
        schema) [[ $cur == -* ]] && _keepsake_add -f --format -h --help ;;
        help) ((nargs == 0)) && [[ $cur != -* ]] && _keepsake_add build worksheet batch check list show new schema help ;;
    esac
}
complete -F _keepsake keepsake
