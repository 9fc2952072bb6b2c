// Plain markup and CSS: the shell must not pull a component library into the first load.
export function PageLoading() {
  return (
    <div className="page-loading" role="status" aria-label="加载中">
      <span className="page-loading-spinner" />
    </div>
  );
}
