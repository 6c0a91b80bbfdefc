#!/bin/bash
# SPDX-License-Identifier: MIT
# The layers point one way: lib -> netlink -> providers -> agent. A file in a layer includes
# project headers only from its own layer or one before it; tests, fuzz targets and benchmarks
# may include anything. Prints each offending include as FILE:LINE and exits 1 if any.
set -u
cd "$(dirname "$0")/.."
order=(lib netlink providers agent)
bad=0
for ((i = 0; i < ${#order[@]}; i++)); do
	dir=${order[i]}
	allowed="${order[*]:0:i+1}"
	for f in "$dir"/*.[ch]; do
		[ -e "$f" ] || continue
		while IFS=: read -r line inc; do
			case " $allowed " in
			*" ${inc%%/*} "*) ;;
			*)
				echo "$f:$line: includes \"$inc\"; $dir/ may include only: $allowed"
				bad=1
				;;
			esac
		done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
			sed -E 's/^([0-9]+):[^"]*"([^"]*)".*/\1:\2/')
	done
done
if [ $bad = 0 ]; then
	echo "layers: ok (${order[*]})"
fi
exit $bad
