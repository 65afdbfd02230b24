"""``windoweval demo``: write the demo organisation's data."""
from __future__ import annotations



from ..errors import EXIT_BUG, EXIT_BUILD, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_USAGE  # noqa: F401
from .args import year


def cmd_demo(args) -> int:
    from ..demo import generate

    if args.out:
        from ..safepath import out_dir
        out_dir(args.out, args.out)   # a file, a missing parent or no permission: exit 2, not a traceback
    out = generate(args.out, year=args.year, scale=args.scale)
    print(f"示例数据已生成 / demo data written: {out}")
    return EXIT_OK


def register(sub) -> None:
    """Add this module's commands to ``windoweval``'s subparsers."""
    s = sub.add_parser("demo", help="生成示例数据 / write the demo data")
    s.add_argument("--out", help="输出目录 / output directory (default data/demo)")
    s.add_argument("--year", type=year, default=2025)
    s.add_argument("--scale", type=int, default=1, help="记录份数(基准测试用)/ copies of every kind of record (benchmarks)")
    s.set_defaults(func=cmd_demo)
