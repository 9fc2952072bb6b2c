import base from "@chuangcheng/eslint-config/base";

export default base;
