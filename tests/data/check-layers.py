#!/usr/bin/python3
# Checks the shape of src/ that the build alone cannot: the core's layers (as src/core/meson.build
# lists them) include only themselves and the layers below them; nothing outside the core includes
# a core "-private.h" header; no two files include each other, directly or round a loop (a .c and
# its .h count as one unit); no source file is longer than the limit.
#
#   check-layers.py SOURCE_ROOT [--max-lines N] [--self-test]
import argparse
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^#include "([^"]+\.h)"', re.M)
LAYER = re.compile(r"\['(\w+)',\s*\[(.*?)\],\s*\[(.*?)\]\]", re.S)


def read_layers(core_meson):
    """name -> set of layer names it may include (itself and everything below)."""
    text = open(core_meson).read()
    direct = {}
    for name, _sources, below in LAYER.findall(text):
        direct[name] = re.findall(r"'(\w+)'", below)
    visible = {}

    def below_of(name):
        if name not in visible:
            seen = {name}
            for lower in direct[name]:
                seen |= below_of(lower)
            visible[name] = seen
        return visible[name]

    for name in direct:
        below_of(name)
    return visible


def unit_of(path):
    base = os.path.basename(path)
    base = re.sub(r'\.(c|h)$', '', base)
    return re.sub(r'-private$', '', base)


def check(root, max_lines):
    problems = []
    src = os.path.join(root, 'src')
    files = []
    for folder, _dirs, names in os.walk(src):
        files += [os.path.join(folder, n) for n in names if n.endswith(('.c', '.h'))]
    core = os.path.join(src, 'core')
    layers = read_layers(os.path.join(core, 'meson.build'))
    layer_of_header = {}
    for path in files:
        if path.startswith(core + os.sep):
            layer_of_header[os.path.basename(path)] = os.path.relpath(path, core).split(os.sep)[0]

    graph = {}
    for path in sorted(files):
        rel = os.path.relpath(path, root)
        text = open(path, encoding='utf-8').read()
        lines = text.count('\n')
        if lines > max_lines:
            problems.append(f'{rel}: {lines} lines (at most {max_lines})')
        in_core = path.startswith(core + os.sep)
        own_layer = os.path.relpath(path, core).split(os.sep)[0] if in_core else None
        for header in INCLUDE.findall(text):
            if header not in layer_of_header and not any(os.path.basename(f) == header for f in files):
                continue
            graph.setdefault(unit_of(path), set()).add(unit_of(header))
            target_layer = layer_of_header.get(header)
            if in_core and target_layer and target_layer not in layers.get(own_layer, {own_layer}):
                problems.append(f'{rel}: the {own_layer} layer includes {header} of the {target_layer} layer above it')
            if not in_core and target_layer and header.endswith('-private.h'):
                problems.append(f'{rel}: includes the core private header {header}')

    # Cycles between units, each reported once.
    reported = set()
    state = {}

    def visit(unit, stack):
        state[unit] = 'open'
        stack.append(unit)
        for nxt in sorted(graph.get(unit, ())):
            if nxt == unit:
                continue
            if state.get(nxt) == 'open':
                loop = stack[stack.index(nxt):] + [nxt]
                key = frozenset(loop)
                if key not in reported:
                    reported.add(key)
                    problems.append('include cycle: ' + ' -> '.join(loop))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[unit] = 'done'

    for unit in sorted(graph):
        if unit not in state:
            visit(unit, [])
    return problems


def self_test():
    """A tree with each kind of problem must be refused, a clean one accepted."""
    meson = "foreach layer : [\n  ['base', ['a.c'], []],\n  ['top', ['b.c'], ['base']],\n]\n"

    def tree(files):
        root = tempfile.mkdtemp()
        os.makedirs(os.path.join(root, 'src/core'))
        open(os.path.join(root, 'src/core/meson.build'), 'w').write(meson)
        for name, text in files.items():
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, 'w').write(text)
        return root

    clean = {
        'src/core/base/trove-a.h': '',
        'src/core/base/trove-a-private.h': '#include "trove-a.h"\n',
        'src/core/base/trove-a.c': '#include "trove-a-private.h"\n',
        'src/core/top/trove-b.h': '#include "trove-a.h"\n',
        'src/core/top/trove-b.c': '#include "trove-b.h"\n#include "trove-a-private.h"\n',
        'src/gui/trove-w.c': '#include "trove-b.h"\n',
    }
    failures = []
    if check(tree(clean), 700):
        failures.append('a clean tree was refused: %s' % check(tree(clean), 700))
    broken = {
        'upward include': {'src/core/base/trove-a.c': '#include "trove-b.h"\n'},
        'private header outside the core': {'src/gui/trove-w.c': '#include "trove-a-private.h"\n'},
        'cycle': {'src/gui/trove-w.h': '#include "trove-v.h"\n', 'src/gui/trove-v.c': '#include "trove-w.h"\n',
                  'src/gui/trove-v.h': ''},
        'long file': {'src/gui/trove-w.c': '\n' * 701},
    }
    for what, change in broken.items():
        if not check(tree({**clean, **change}), 700):
            failures.append(f'a tree with a {what} was accepted')
    for failure in failures:
        print('self-test:', failure, file=sys.stderr)
    return not failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('root')
    parser.add_argument('--max-lines', type=int, default=700)
    parser.add_argument('--self-test', action='store_true')
    args = parser.parse_args()
    ok = True
    if args.self_test and not self_test():
        ok = False
    for problem in check(args.root, args.max_lines):
        print(problem, file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
