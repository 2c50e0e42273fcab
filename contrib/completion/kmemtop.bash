# bash completion for kmemtop(1). Options, view names, sort keys and
# letters come from the program itself (--help, --list-columns), so they
# follow it.
_kmemtop()
{
	local cur prev words cword view i v
	_init_completion || return
	local prog=${words[0]}
	view=slab
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--view) v=${words[i + 1]} ;;
		--view=*) v=${words[i]#--view=} ;;
		*) continue ;;
		esac
		view=${v%%,*}
	done
	case $prev in
	--view)
		COMPREPLY=($(compgen -W "$("$prog" --list-columns 2>/dev/null |
			cut -f1 | sed 's/-.*//' | sort -u)" -- "$cur"))
		return
		;;
	-s | --sort)
		COMPREPLY=($(compgen -W "$("$prog" --list-columns 2>/dev/null |
			awk -F'\t' -v v="$view" '$1 == v || index($1, v "-") == 1 {
				print $2; if ($4 != "" && $4 != "-") print $4 }' | sort -u)" -- "$cur"))
		return
		;;
	--format)
		COMPREPLY=($(compgen -W "text json prometheus" -- "$cur"))
		return
		;;
	--group-by)
		COMPREPLY=($(compgen -W "caller type module none" -- "$cur"))
		return
		;;
	--root)
		_filedir -d
		return
		;;
	--output | --replay | --plot)
		_filedir
		return
		;;
	-n | -d | --delay | --iterations | --page-size | --top | --depth | \
		--plot-size | --from | --to | --type | --caller)
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null |
			grep -oE -- '(^| )-(-[a-z][a-z-]*|[a-zA-Z])' | tr -d ' ' | sort -u)" -- "$cur"))
	fi
}
complete -F _kmemtop kmemtop
