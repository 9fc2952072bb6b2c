import { authedProcedure, permission, transactional } from "../trpc.js";
import { exportTasks, taskTemplate } from "./task-export.js";
import { importTasks } from "./task-import.js";
import {
  taskExportInput,
  taskFileOutput,
  taskImportInput,
  taskImportOutput,
  taskTemplateInput,
} from "./task-excel-schemas.js";

// The 任务分解表 as Excel: the template, the import (all or nothing) and the export. Spread into
// taskRouter (task-router.ts). Admins only (task.manage); the domain checks the units.

const manages = authedProcedure.use(permission("task.manage"));

export const taskExcelProcedures = {
  /** The empty 任务分解表 with its columns, and a sheet of what each column takes with an example. */
  importTemplate: manages
    .input(taskTemplateInput)
    .output(taskFileOutput)
    .query(({ ctx, input }) => taskTemplate(ctx.db, ctx.session, input)),
  /** Every row checked; any error (line, column, message) and nothing is written. */
  importSheet: manages
    .input(taskImportInput)
    .output(taskImportOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => importTasks(ctx.db, ctx.session, input, new Date(), ctx.offload)),
  /** The campaign's tasks the caller sees, filtered, with state, rolled-up progress and 督办 colour. */
  exportSheet: manages
    .input(taskExportInput)
    .output(taskFileOutput)
    .query(({ ctx, input }) => exportTasks(ctx.db, ctx.session, input, new Date(), ctx.offload)),
};
