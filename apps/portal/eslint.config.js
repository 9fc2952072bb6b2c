import react from "@chuangcheng/eslint-config/react";

export default react;
