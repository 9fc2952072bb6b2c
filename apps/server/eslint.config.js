import base from "@chuangcheng/eslint-config/base";

export default [
  ...base,
  { ignores: ["build.mjs"] },
  {
    // Each worker thread loads what its entry imports: the domain's index would bring every router,
    // Kysely, pg, exceljs and sharp into each thread (4 readers: about 300 MB of memory more).
    files: ["src/*-worker.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@chuangcheng/domain",
              message:
                "A worker imports the narrow entry it needs (@chuangcheng/domain/offload, /sqlite-reader).",
            },
          ],
        },
      ],
    },
  },
];
