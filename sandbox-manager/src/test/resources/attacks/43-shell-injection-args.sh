# fenrir-attack: arguments that a shell would execute ($(...), backquotes, ;, |, &&, newlines, globs); the agent runs argv directly, so bash receives them as plain strings and prints them back unchanged (a shell would have printed the word the pieces spell)
# expect-verdict: OK
# expect-stdout: ARG<$(printf %s%s ESC APED)>
# expect-stdout: ARG<; printf %s%s ESC APED>
# expect-stdout: ARG<`printf %s%s ESC APED`>
# expect-stdout: ARG</*>
# expect-stdout: DONE
# expect-stdout-not: ESCAPED
# args: ["$(printf %s%s ESC APED)", "; printf %s%s ESC APED", "`printf %s%s ESC APED`", "| printf %s%s ESC APED", "&& printf %s%s ESC APED #", "x\nprintf %s%s ESC APED", "/*", "${IFS}"]
# limits: cpuMs=5000 wallMs=10000 memoryMb=64
for arg in "$@"; do
  printf 'ARG<%s>\n' "$arg"
done
echo DONE
